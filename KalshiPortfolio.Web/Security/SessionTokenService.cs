using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KalshiPortfolio.Web.Security;

/// <summary>Issues the app's session tokens: HS256 JWTs with <c>sub</c> = user id and a unique <c>jti</c>.</summary>
public sealed class SessionTokenService(
    IOptions<SessionTokenOptions> options,
    SymmetricSecurityKey signingKey,
    TimeProvider time)
{
    public const string UserIdClaim = JwtRegisteredClaimNames.Sub;
    private readonly JsonWebTokenHandler _handler = new();

    public SessionToken Issue(string userId)
    {
        var now = time.GetUtcNow();
        var expires = now + options.Value.Lifetime;
        var tokenId = Guid.NewGuid().ToString("N");
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim(JwtRegisteredClaimNames.Jti, tokenId)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        });
        // JWT times have one-second resolution; report what the token says.
        var exp = DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds());
        return new SessionToken(token, tokenId, userId, exp);
    }

    /// <summary>The parameters every incoming token is checked against: our issuer, audience and key, HS256 only.</summary>
    public static TokenValidationParameters ValidationParameters(SessionTokenOptions options, SymmetricSecurityKey signingKey) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = signingKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateIssuerSigningKey = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.Zero,
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };
}
