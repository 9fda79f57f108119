namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// Best YES bid and ask with their sizes. A side with size 0 is empty; its price is then only what the wire shows
/// (real markets show <c>"0.0000"</c> with size <c>"0.00"</c>). The NO side is derived: no_bid = 1 − yes_ask, no_ask = 1 − yes_bid.
/// </summary>
public readonly record struct Quote(decimal YesBid, decimal BidSize, decimal YesAsk, decimal AskSize)
{
    public bool HasBid => BidSize > 0m;

    public bool HasAsk => AskSize > 0m;

    public decimal NoBid => 1m - YesAsk;

    public decimal NoAsk => 1m - YesBid;

    /// <summary>What a settled market shows: no bid, no ask, ask at 1 (as in the <c>finalized</c> captures).</summary>
    public static Quote Settled => new(0m, 0m, 1m, 0m);
}
