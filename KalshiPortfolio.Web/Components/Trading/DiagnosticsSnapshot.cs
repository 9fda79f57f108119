using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Services.Ui;

namespace KalshiPortfolio.Web.Components.Trading;

/// <summary>What the diagnostics dialog shows: the Kalshi link and this tab's link.</summary>
public sealed record DiagnosticsSnapshot(ConnectionStatus? Kalshi, TabLinkDiagnostics? Tab);
