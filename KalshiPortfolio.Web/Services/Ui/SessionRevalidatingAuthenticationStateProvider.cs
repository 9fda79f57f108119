using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>
/// A circuit keeps the user it was opened with; this re-checks it every 30 s. Signing out (in any tab, or through
/// the API) deletes the user's stored key, and every open tab of that user then falls back to the sign-in screen; so
/// does a tab whose token was issued before its user's last logout (the logout cut-off), even after a new sign-in.
/// Token expiry is handled in the tab itself (it refreshes the cookie while the user is active), because a refresh
/// issues a new token that the circuit's principal never sees.
/// </summary>
public sealed class SessionRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IDbContextFactory<PortfolioDbContext> dbFactory,
    TokenRevocationList revocations) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillSignedInAsync(authenticationState.User, cancellationToken);

    /// <summary>False once the principal's user has signed out (its stored key is gone, or a logout came after its token).</summary>
    public async Task<bool> IsStillSignedInAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (SessionClaims.From(user) is not { } claims)
        {
            return true; // nobody signed in: nothing to re-check
        }
        if (revocations.IsEndedByLogout(claims.UserId, claims.IssuedAt))
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserCredentials.AnyAsync(x => x.UserId == claims.UserId, cancellationToken);
    }
}
