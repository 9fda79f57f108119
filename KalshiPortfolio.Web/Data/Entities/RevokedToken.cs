namespace KalshiPortfolio.Web.Data.Entities;

/// <summary>A session token refused from now on (table <c>revoked_tokens</c>); kept until it would have expired anyway.</summary>
public sealed class RevokedToken
{
    /// <summary>The token's <c>jti</c>.</summary>
    public required string TokenId { get; set; }
    public required string UserId { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime RevokedAtUtc { get; set; }
}
