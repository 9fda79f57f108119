namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>
/// One settlement from <c>GET /portfolio/settlements</c>. Every amount here is in dollars; note that on the wire
/// <c>revenue</c> and <c>value</c> are integer <b>cents</b> while the costs and <c>fee_cost</c> are dollar strings.
/// <para>
/// Kalshi's counts and costs are the account's <b>lifetime per-side totals</b> in the market, not what it held at
/// settlement: the YES side is every YES bought and every NO sold, the NO side every NO bought and every YES sold
/// (selling YES at p is buying NO at 1 − p). <c>revenue</c> pays only the net position; each YES+NO pair is a round
/// trip whose $1 came back in cash when it closed. So the market's whole P&amp;L is <see cref="PnlBeforeFees"/> —
/// the same trades as the position's realized P&amp;L, never to be added to it.
/// </para>
/// </summary>
public sealed record KalshiSettlement
{
    public required string Ticker { get; init; }

    public string? EventTicker { get; init; }

    /// <summary><c>yes</c>, <c>no</c>, <c>scalar</c> (older: <c>void</c>).</summary>
    public string? MarketResult { get; init; }

    /// <summary>Lifetime YES-side contracts: bought YES plus sold NO (<c>yes_count_fp</c>, legacy <c>yes_count</c>); 0 when absent.</summary>
    public decimal YesCount { get; init; }

    /// <summary>Lifetime NO-side contracts: bought NO plus sold YES (<c>no_count_fp</c>, legacy <c>no_count</c>); 0 when absent.</summary>
    public decimal NoCount { get; init; }

    /// <summary>Σ count × YES price over the YES-side fills: <c>yes_total_cost_dollars</c> (legacy <c>yes_total_cost</c> cents); 0 when absent.</summary>
    public decimal YesTotalCost { get; init; }

    /// <summary>Σ count × NO price over the NO-side fills: <c>no_total_cost_dollars</c> (legacy <c>no_total_cost</c> cents); 0 when absent.</summary>
    public decimal NoTotalCost { get; init; }

    /// <summary>Payout of the net position held at settlement, in dollars, converted from the integer-cent <c>revenue</c>; 0 when absent.</summary>
    public decimal Revenue { get; init; }

    /// <summary>The market's total trading fees, buys and sells (<c>fee_cost</c> dollar string), not a settlement fee; 0 when absent.</summary>
    public decimal FeeCost { get; init; }

    /// <summary>Payout of one YES contract in dollars, from the integer-cent <c>value</c>; null when not sent.</summary>
    public decimal? Value { get; init; }

    public DateTimeOffset? SettledTime { get; init; }

    /// <summary>YES+NO pairs: min(YES count, NO count). Each closed a round trip and returned $1 in cash at trade time.</summary>
    public decimal ClosedPairs => Math.Min(YesCount, NoCount);

    /// <summary>
    /// The market's lifetime P&amp;L before fees: revenue + <see cref="ClosedPairs"/> × $1 − YES cost − NO cost.
    /// Book it as the market's realized P&amp;L (set, never added to the realized P&amp;L already counted).
    /// </summary>
    public decimal PnlBeforeFees => Revenue + ClosedPairs - YesTotalCost - NoTotalCost;

    /// <summary>The market's lifetime P&amp;L after its trading fees: <see cref="PnlBeforeFees"/> − <see cref="FeeCost"/>.</summary>
    public decimal NetPnl => PnlBeforeFees - FeeCost;
}
