using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace KalshiPortfolio.Web.Security;

/// <summary>
/// What a validated session token says: whose it is, its id, when it expires, and when it was issued (null only for a
/// principal that carries no issue time, which the authentication handler never accepts).
/// </summary>
public sealed record SessionClaims(string UserId, string TokenId, DateTimeOffset ExpiresAt, DateTimeOffset? IssuedAt = null)
{
    public static SessionClaims? From(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var tokenId = principal.FindFirst(JwtRegisteredClaimNames.Jti)?.Value;
        var exp = principal.FindFirst(JwtRegisteredClaimNames.Exp)?.Value;
        return userId is null || tokenId is null || !long.TryParse(exp, out var seconds)
            ? null
            : new SessionClaims(userId, tokenId, DateTimeOffset.FromUnixTimeSeconds(seconds), SessionTokenService.IssuedAt(principal));
    }
}
