namespace KalshiPortfolio.Web.Data.Entities;

/// <summary>
/// The last known state of one open position (table <c>position_cache</c>, written through on every change),
/// so a restart can serve positions before Kalshi answers. Decimals are stored as exact TEXT.
/// </summary>
public sealed class CachedPosition
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Ticker { get; set; }
    public string? MarketTitle { get; set; }
    public string? EventTicker { get; set; }
    public decimal Position { get; set; }
    public decimal Cost { get; set; }
    public decimal RealizedPnl { get; set; }
    public decimal FeesPaid { get; set; }
    public decimal? YesBid { get; set; }
    public decimal? YesAsk { get; set; }
    public decimal? LastPrice { get; set; }
    public DateTime? QuoteAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>When this row was last written.</summary>
    public DateTime CachedAtUtc { get; set; }
}
