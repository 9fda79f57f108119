namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>A public <c>trade</c> message. Prices are in dollars.</summary>
public sealed record KalshiWsTrade() : KalshiWsDataMessage("trade")
{
    public string? TradeId { get; init; }

    public required string MarketTicker { get; init; }

    /// <summary><c>yes_price_dollars</c> (legacy <c>yes_price</c> cents).</summary>
    public decimal? YesPrice { get; init; }

    /// <summary><c>no_price_dollars</c> (legacy <c>no_price</c> cents).</summary>
    public decimal? NoPrice { get; init; }

    /// <summary><c>count_fp</c> (legacy <c>count</c>).</summary>
    public required decimal Count { get; init; }

    /// <summary><c>taker_outcome_side</c> (<c>yes</c>/<c>no</c>), else the deprecated <c>taker_side</c>.</summary>
    public string? TakerOutcomeSide { get; init; }

    /// <summary><c>taker_book_side</c> (<c>bid</c>/<c>ask</c>).</summary>
    public string? TakerBookSide { get; init; }

    /// <summary>Exchange time (<c>ts_ms</c>, else <c>ts</c>), UTC.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
