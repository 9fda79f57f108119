using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>A <c>ticker</c> message: top of book and last price of one market, in YES-leg dollars.</summary>
public sealed record KalshiWsTicker() : KalshiWsDataMessage("ticker")
{
    public required string MarketTicker { get; init; }

    public string? MarketId { get; init; }

    /// <summary>Last YES trade price (<c>price_dollars</c>, legacy <c>price</c> cents).</summary>
    public decimal? Price { get; init; }

    /// <summary>Best YES bid (<c>yes_bid_dollars</c>, legacy <c>yes_bid</c> cents).</summary>
    public decimal? YesBid { get; init; }

    /// <summary>Best YES ask (<c>yes_ask_dollars</c>, legacy <c>yes_ask</c> cents).</summary>
    public decimal? YesAsk { get; init; }

    /// <summary><c>yes_bid_size_fp</c>, when sent.</summary>
    public decimal? YesBidSize { get; init; }

    /// <summary><c>yes_ask_size_fp</c>, when sent.</summary>
    public decimal? YesAskSize { get; init; }

    /// <summary><c>last_trade_size_fp</c>, when sent.</summary>
    public decimal? LastTradeSize { get; init; }

    /// <summary><c>volume_fp</c> (legacy <c>volume</c>).</summary>
    public decimal? Volume { get; init; }

    /// <summary><c>open_interest_fp</c> (legacy <c>open_interest</c>).</summary>
    public decimal? OpenInterest { get; init; }

    /// <summary><c>dollar_volume</c>, whole dollars.</summary>
    public long? DollarVolume { get; init; }

    /// <summary><c>dollar_open_interest</c>, whole dollars.</summary>
    public long? DollarOpenInterest { get; init; }

    /// <summary>Exchange time (<c>ts_ms</c>, else <c>ts</c> seconds, else <c>time</c>), UTC; null when none was sent.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>
    /// The quote, with empty or sentinel sides as null. Uses <see cref="Timestamp"/>, or <paramref name="receivedAt"/>
    /// when the message carried no time.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither a message time nor <paramref name="receivedAt"/> is available.</exception>
    public MarketQuote ToQuote(DateTimeOffset? receivedAt = null) => MarketQuote.Create(
        MarketTicker,
        YesBid,
        YesAsk,
        Price,
        Timestamp ?? receivedAt ?? throw new InvalidOperationException($"The ticker message for {MarketTicker} has no timestamp; pass the time it was received."),
        YesBidSize,
        YesAskSize,
        receivedAt);
}
