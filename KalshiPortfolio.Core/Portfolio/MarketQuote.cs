namespace KalshiPortfolio.Core.Portfolio;

/// <summary>
/// The top of one market's book, in YES-leg dollars. A side that has no resting orders is <c>null</c>:
/// Kalshi reports an empty side with inconsistent sentinels (0.0000 or 1.0000 with size 0.00), and a mark
/// must never be taken from a sentinel. Build quotes with <see cref="Create"/>, which applies that rule.
/// </summary>
public sealed record MarketQuote
{
    public required string Ticker { get; init; }

    /// <summary>Best YES bid, or null when the bid side is empty.</summary>
    public decimal? YesBid { get; init; }

    /// <summary>Best YES ask, or null when the ask side is empty.</summary>
    public decimal? YesAsk { get; init; }

    /// <summary>Last traded YES price, or null when the market has not traded.</summary>
    public decimal? LastPrice { get; init; }

    /// <summary>When the exchange produced this quote (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// When the app received this quote from Kalshi (UTC): the start of its age. A quote restored from the local
    /// cache keeps the time it was received then, so it reads as old.
    /// </summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>NO bid = 1 − YES ask (null when the YES ask side is empty).</summary>
    public decimal? NoBid => YesAsk is { } ask ? 1m - ask : null;

    /// <summary>NO ask = 1 − YES bid (null when the YES bid side is empty).</summary>
    public decimal? NoAsk => YesBid is { } bid ? 1m - bid : null;

    /// <summary>
    /// Builds a quote from raw exchange values. A price is kept only when it lies strictly inside (0, 1)
    /// and, where the exchange reported the side's size, that size is positive.
    /// </summary>
    public static MarketQuote Create(
        string ticker,
        decimal? yesBid,
        decimal? yesAsk,
        decimal? lastPrice,
        DateTimeOffset timestamp,
        decimal? yesBidSize = null,
        decimal? yesAskSize = null,
        DateTimeOffset? receivedAt = null) => new()
    {
        Ticker = ticker,
        YesBid = Usable(yesBid, yesBidSize),
        YesAsk = Usable(yesAsk, yesAskSize),
        LastPrice = lastPrice is > 0m and < 1m ? lastPrice : null,
        Timestamp = timestamp.ToUniversalTime(),
        ReceivedAt = (receivedAt ?? timestamp).ToUniversalTime(),
    };

    private static decimal? Usable(decimal? price, decimal? size) =>
        price is > 0m and < 1m && size is null or > 0m ? price : null;
}
