namespace KalshiPortfolio.Web.Data.Entities;

/// <summary>A signed-in user's Kalshi API key, encrypted with Data Protection (table <c>user_credentials</c>).</summary>
public sealed class UserCredential
{
    public required string UserId { get; set; }

    /// <summary>production, demo or simulator.</summary>
    public required string Environment { get; set; }

    /// <summary>The key id and private key, encrypted together. Never the plain text.</summary>
    public required string ProtectedKey { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Set when Kalshi refused the stored key; the user must sign in again.</summary>
    public DateTime? InvalidSinceUtc { get; set; }
}
