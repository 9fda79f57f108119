using System.Text.Json.Serialization;

namespace KalshiPortfolio.Simulator.Api;

// The portfolio responses, field for field as in the captures (auth__balance_ok, portfolio__positions,
// fills__after_taker; settlements per reference §3.4, their capture being an empty list). Money strings are pre-formatted.

internal sealed record BalanceResponse(long Balance, BalanceBreakdownRow[] BalanceBreakdown, string BalanceDollars, long PortfolioValue, long UpdatedTs);

internal sealed record BalanceBreakdownRow(string Balance, int ExchangeIndex);

internal sealed record PositionsResponse(string Cursor, EventPositionRow[] EventPositions, MarketPositionRow[] MarketPositions);

internal sealed record MarketPositionRow(
    string FeesPaidDollars,
    string LastUpdatedTs,
    string MarketExposureDollars,
    string PositionFp,
    string RealizedPnlDollars,
    int RestingOrdersCount,
    string Ticker,
    string TotalTradedDollars);

internal sealed record EventPositionRow(
    string EventExposureDollars,
    string EventTicker,
    string FeesPaidDollars,
    string RealizedPnlDollars,
    string TotalCostDollars,
    string TotalCostSharesFp);

internal sealed record FillsResponse(string Cursor, FillRow[] Fills);

internal sealed record FillRow(
    string Action,
    string BookSide,
    string CountFp,
    string CreatedTime,
    string FeeCost,
    string FillId,
    bool IsTaker,
    string MarketTicker,
    string NoPriceDollars,
    string OrderId,
    string OutcomeSide,
    string Side,
    int SubaccountNumber,
    string Ticker,
    string TradeId,
    long Ts,
    string YesPriceDollars);

internal sealed record SettlementsResponse(string Cursor, SettlementRow[] Settlements);

internal sealed record SettlementRow(
    string Ticker,
    string EventTicker,
    int ExchangeIndex,
    string MarketResult,
    string YesCountFp,
    string NoCountFp,
    string YesTotalCostDollars,
    string NoTotalCostDollars,
    long Revenue,
    string SettledTime,
    string FeeCost,
    long? Value);

/// <summary>
/// Kalshi's <c>GET /exchange/status</c>. The real demo capture has only the two booleans, so that is the shape served;
/// <c>exchange_estimated_resume_time</c> (documented, RFC 3339) is added only while a maintenance announces its end.
/// </summary>
internal sealed record ExchangeStatusResponse(
    bool ExchangeActive,
    bool TradingActive,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExchangeEstimatedResumeTime);
