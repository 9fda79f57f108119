using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>
/// A market from <c>GET /markets</c>, <c>GET /markets/{ticker}</c> or <c>GET /events/{event_ticker}</c>.
/// Prices are YES-leg dollars. An empty book side is reported by Kalshi with a sentinel price (0.0000 or 1.0000)
/// and a zero size: the raw values are kept here, and <see cref="ToQuote"/> turns them into null sides.
/// </summary>
public sealed record KalshiMarket
{
    public required string Ticker { get; init; }

    public string? EventTicker { get; init; }

    /// <summary><c>binary</c> or <c>scalar</c>.</summary>
    public string? MarketType { get; init; }

    public string? Title { get; init; }

    /// <summary>Deprecated <c>subtitle</c>; often empty.</summary>
    public string? Subtitle { get; init; }

    public string? YesSubTitle { get; init; }

    public string? NoSubTitle { get; init; }

    /// <summary>Response vocabulary: <c>initialized</c>, <c>inactive</c>, <c>active</c>, <c>closed</c>,
    /// <c>determined</c>, <c>disputed</c>, <c>amended</c>, <c>finalized</c> (differs from the query filter's words).</summary>
    public string? Status { get; init; }

    /// <summary>Best YES bid (<c>yes_bid_dollars</c>, legacy <c>yes_bid</c> cents). May be a sentinel when the side is empty.</summary>
    public decimal? YesBid { get; init; }

    /// <summary>Best YES ask (<c>yes_ask_dollars</c>, legacy <c>yes_ask</c> cents). May be a sentinel when the side is empty.</summary>
    public decimal? YesAsk { get; init; }

    public decimal? NoBid { get; init; }

    public decimal? NoAsk { get; init; }

    /// <summary>Contracts at the best YES bid (<c>yes_bid_size_fp</c>); null when not sent (legacy data).</summary>
    public decimal? YesBidSize { get; init; }

    /// <summary>Contracts at the best YES ask (<c>yes_ask_size_fp</c>); null when not sent (legacy data).</summary>
    public decimal? YesAskSize { get; init; }

    /// <summary>Last YES trade price (<c>last_price_dollars</c>, legacy <c>last_price</c> cents); 0 when never traded.</summary>
    public decimal? LastPrice { get; init; }

    /// <summary><c>volume_fp</c> (legacy <c>volume</c>).</summary>
    public decimal? Volume { get; init; }

    /// <summary><c>volume_24h_fp</c> (legacy <c>volume_24h</c>).</summary>
    public decimal? Volume24h { get; init; }

    /// <summary><c>open_interest_fp</c> (legacy <c>open_interest</c>).</summary>
    public decimal? OpenInterest { get; init; }

    public DateTimeOffset? OpenTime { get; init; }

    public DateTimeOffset? CloseTime { get; init; }

    /// <summary><c>yes</c>, <c>no</c>, <c>scalar</c>, or null while undetermined (Kalshi sends "").</summary>
    public string? Result { get; init; }

    /// <summary>Settlement value of one YES contract in dollars (<c>settlement_value_dollars</c>, legacy cents).</summary>
    public decimal? SettlementValue { get; init; }

    /// <summary>Tick structure, e.g. <c>linear_cent</c>, <c>deci_cent</c>.</summary>
    public string? PriceLevelStructure { get; init; }

    /// <summary>The tick grid; the authority on valid prices.</summary>
    public IReadOnlyList<KalshiPriceRange> PriceRanges { get; init; } = [];

    /// <summary>When Kalshi last changed the market (<c>updated_time</c>).</summary>
    public DateTimeOffset? UpdatedTime { get; init; }

    /// <summary>
    /// The top of book as a <see cref="MarketQuote"/> at <paramref name="asOf"/>: a side whose size is zero or
    /// whose price is a sentinel (not strictly inside 0..1) becomes null; an untraded last price (0) becomes null.
    /// </summary>
    public MarketQuote ToQuote(DateTimeOffset asOf) =>
        MarketQuote.Create(Ticker, YesBid, YesAsk, LastPrice, asOf, YesBidSize, YesAskSize);
}
