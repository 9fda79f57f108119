namespace KalshiPortfolio.Web.Data.Entities;

/// <summary>The last known cash balance of a user (table <c>account_cache</c>), served after a restart until Kalshi answers.</summary>
public sealed class CachedAccount
{
    public required string UserId { get; set; }
    public decimal Cash { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}
