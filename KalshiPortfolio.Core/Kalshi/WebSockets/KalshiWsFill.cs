namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>A private <c>fill</c> message. Prices and fees are in dollars.</summary>
public sealed record KalshiWsFill() : KalshiWsDataMessage("fill")
{
    public required string TradeId { get; init; }

    public string? OrderId { get; init; }

    public required string MarketTicker { get; init; }

    public bool? IsTaker { get; init; }

    /// <summary><c>outcome_side</c>, else the deprecated <c>side</c> (<c>yes</c>/<c>no</c>).</summary>
    public string? OutcomeSide { get; init; }

    /// <summary><c>book_side</c> (<c>bid</c>/<c>ask</c>).</summary>
    public string? BookSide { get; init; }

    /// <summary>Deprecated <c>side</c>.</summary>
    public string? Side { get; init; }

    /// <summary>Deprecated <c>action</c> (<c>buy</c>/<c>sell</c>).</summary>
    public string? Action { get; init; }

    /// <summary><c>yes_price_dollars</c> (legacy <c>yes_price</c> cents).</summary>
    public decimal? YesPrice { get; init; }

    /// <summary><c>count_fp</c> (legacy <c>count</c>).</summary>
    public required decimal Count { get; init; }

    /// <summary><c>fee_cost</c>, dollars; null when not sent.</summary>
    public decimal? FeeCost { get; init; }

    /// <summary>Signed position after the fill (<c>post_position_fp</c>, legacy <c>post_position</c>).</summary>
    public decimal? PostPosition { get; init; }

    public string? ClientOrderId { get; init; }

    public int? Subaccount { get; init; }

    /// <summary>Exchange time (<c>ts_ms</c>, else <c>ts</c>), UTC.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
