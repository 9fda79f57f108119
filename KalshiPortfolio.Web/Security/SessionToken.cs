namespace KalshiPortfolio.Web.Security;

/// <summary>An issued session token. <see cref="Token"/> is a bearer secret: never log it.</summary>
public sealed record SessionToken(string Token, string TokenId, string UserId, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"SessionToken {{ TokenId = {TokenId}, UserId = {UserId}, ExpiresAt = {ExpiresAt:O} }}";
}
