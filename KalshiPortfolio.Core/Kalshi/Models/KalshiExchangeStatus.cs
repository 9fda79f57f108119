namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>The exchange status from <c>GET /exchange/status</c>.</summary>
/// <param name="ExchangeActive">False during maintenance: no state changes at all.</param>
/// <param name="TradingActive">False outside trading hours or during a trading pause (orders can still be canceled).</param>
/// <param name="EstimatedResumeTime">When Kalshi expects the exchange back (<c>exchange_estimated_resume_time</c>), if sent.</param>
/// <param name="IntraExchangeTransfersActive">The <c>intra_exchange_transfers_active</c> flag, if sent.</param>
public sealed record KalshiExchangeStatus(
    bool ExchangeActive,
    bool TradingActive,
    DateTimeOffset? EstimatedResumeTime = null,
    bool? IntraExchangeTransfersActive = null);
