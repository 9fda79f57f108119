using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>The account's totals with today's P&amp;L, as the summary bar and the SSE feed show them.</summary>
public sealed record PortfolioView(PortfolioSummary Summary, TodayPnl Today)
{
    /// <summary>How fresh the figures are (ages, stale cash, stale positions).</summary>
    public PortfolioFreshness Freshness { get; init; } = PortfolioFreshness.Unknown;
}
