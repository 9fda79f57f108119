namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>An executed fill, as stored for <c>/portfolio/fills</c> and sent on the <c>fill</c> channel.</summary>
internal sealed record FillRecord(
    string FillId,
    string OrderId,
    string Ticker,
    ContractSide Side,
    TradeAction Action,
    decimal Count,
    decimal YesPrice,
    decimal Fee,
    bool IsTaker,
    DateTimeOffset Created,
    decimal PostPosition)
{
    /// <summary>Buy YES and sell NO give <c>yes</c>; buy NO and sell YES give <c>no</c>.</summary>
    public ContractSide OutcomeSide => (Side == ContractSide.Yes) == (Action == TradeAction.Buy) ? ContractSide.Yes : ContractSide.No;

    /// <summary><c>bid</c> ≡ yes, <c>ask</c> ≡ no.</summary>
    public string BookSide => OutcomeSide == ContractSide.Yes ? "bid" : "ask";

    public decimal NoPrice => 1m - YesPrice;
}

/// <summary>
/// One account's row for a settled market, as listed by <c>/portfolio/settlements</c>: the counts and costs are the
/// lifetime per-side totals of the account in that market (not what it held at settlement), <see cref="RevenueCents"/>
/// the payout of the net position, <see cref="FeeCost"/> the market's trading fees (reference addendum §1).
/// </summary>
internal sealed record SettlementRecord(
    string Ticker,
    string EventTicker,
    ContractSide Result,
    decimal YesCount,
    decimal NoCount,
    decimal YesTotalCost,
    decimal NoTotalCost,
    long RevenueCents,
    DateTimeOffset SettledTime,
    decimal FeeCost,
    long ValueCents);

/// <summary>A public trade (the <c>trade</c> channel).</summary>
internal sealed record TradeRecord(string TradeId, string Ticker, decimal YesPrice, decimal Count, ContractSide TakerOutcomeSide, DateTimeOffset Time);

/// <summary>The credentials of a simulated account. <see cref="PrivateKeyPem"/> is set only when the simulator generated the pair.</summary>
public sealed record AccountCredentials(string KeyId, string? PrivateKeyPem);

/// <summary>A market's quote and status as the exchange holds it now.</summary>
public sealed record MarketSnapshot(string Ticker, string EventTicker, Quote Quote, decimal LastPrice, MarketStatus Status, string Result, bool Pinned);
