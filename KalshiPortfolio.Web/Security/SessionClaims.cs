using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace KalshiPortfolio.Web.Security;

/// <summary>What a validated session token says: whose it is, its id and when it expires.</summary>
public sealed record SessionClaims(string UserId, string TokenId, DateTimeOffset ExpiresAt)
{
    public static SessionClaims? From(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var tokenId = principal.FindFirst(JwtRegisteredClaimNames.Jti)?.Value;
        var exp = principal.FindFirst(JwtRegisteredClaimNames.Exp)?.Value;
        return userId is null || tokenId is null || !long.TryParse(exp, out var seconds)
            ? null
            : new SessionClaims(userId, tokenId, DateTimeOffset.FromUnixTimeSeconds(seconds));
    }
}
