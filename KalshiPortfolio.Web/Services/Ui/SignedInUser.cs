using System.Globalization;
using System.Security.Claims;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>The signed-in user as the account API's JWT describes it: <c>sub</c> = user id, <c>exp</c> = expiry.</summary>
public sealed record SignedInUser(string UserId, DateTimeOffset? SessionExpiresAt)
{
    /// <summary>The user of a principal, or null when it is not signed in (or carries no user id).</summary>
    public static SignedInUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        // "sub" when the JWT handler keeps claim names (MapInboundClaims = false); NameIdentifier otherwise.
        var userId = principal.FindFirst("sub")?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }
        DateTimeOffset? expiresAt = long.TryParse(principal.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new SignedInUser(userId, expiresAt);
    }
}
