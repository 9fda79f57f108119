namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>One fill from <c>GET /portfolio/fills</c>. Prices and fees are in dollars.</summary>
public sealed record KalshiFill
{
    /// <summary><c>fill_id</c> (or the legacy name <c>trade_id</c>, which carries the same value).</summary>
    public required string FillId { get; init; }

    public string? OrderId { get; init; }

    /// <summary><c>ticker</c> (or the legacy name <c>market_ticker</c>).</summary>
    public required string Ticker { get; init; }

    /// <summary><c>yes</c> or <c>no</c>: buy-YES and sell-NO give <c>yes</c>; buy-NO and sell-YES give <c>no</c>.</summary>
    public string? OutcomeSide { get; init; }

    /// <summary><c>bid</c> (≡ yes) or <c>ask</c> (≡ no).</summary>
    public string? BookSide { get; init; }

    /// <summary>Deprecated <c>side</c> (<c>yes</c>/<c>no</c>).</summary>
    public string? Side { get; init; }

    /// <summary>Deprecated <c>action</c> (<c>buy</c>/<c>sell</c>).</summary>
    public string? Action { get; init; }

    /// <summary>Contracts filled (<c>count_fp</c>, legacy <c>count</c>).</summary>
    public required decimal Count { get; init; }

    /// <summary>YES-leg price (<c>yes_price_dollars</c>, legacy <c>yes_price</c> cents).</summary>
    public decimal? YesPrice { get; init; }

    /// <summary>NO-leg price (<c>no_price_dollars</c>, legacy <c>no_price</c> cents).</summary>
    public decimal? NoPrice { get; init; }

    public bool? IsTaker { get; init; }

    /// <summary>Fee in dollars (<c>fee_cost</c>, a dollar string such as "0.017500"); 0 when absent.</summary>
    public decimal FeeCost { get; init; }

    /// <summary>When the fill executed (<c>created_time</c>, else <c>ts</c> seconds).</summary>
    public DateTimeOffset? CreatedTime { get; init; }
}
