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

    /// <summary>
    /// When the token was issued, in Unix milliseconds (<c>iat</c> has one-second resolution, too coarse to tell a
    /// token issued just before a logout from one issued just after it).
    /// </summary>
    public const string IssuedAtMsClaim = "kp_iat_ms";

    /// <summary>
    /// Issues a token for the user. <paramref name="issuedAfter"/> (the user's logout cut-off) makes the recorded issue
    /// time later than it even when the clock has not moved since (a frozen or coarse clock).
    /// </summary>
    public SessionToken Issue(string userId, DateTimeOffset? issuedAfter)
    {
        var now = time.GetUtcNow();
        var issuedAt = issuedAfter is { } after && after >= now ? after.AddMilliseconds(1) : now;
        return Issue(userId, now, issuedAt);
    }

    public SessionToken Issue(string userId) => Issue(userId, issuedAfter: null);

    /// <summary>The precise issue time a validated token carries (<see cref="IssuedAtMsClaim"/>, else <c>iat</c>).</summary>
    public static DateTimeOffset? IssuedAt(ClaimsPrincipal principal)
    {
        if (long.TryParse(principal.FindFirst(IssuedAtMsClaim)?.Value, out var ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        return long.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Iat)?.Value, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    private SessionToken Issue(string userId, DateTimeOffset now, DateTimeOffset issuedAt)
    {
        var expires = now + options.Value.Lifetime;
        var tokenId = Guid.NewGuid().ToString("N");
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim(JwtRegisteredClaimNames.Jti, tokenId),
                new Claim(IssuedAtMsClaim, issuedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64)]),
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
