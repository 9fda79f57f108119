using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Web.Account;
using KalshiPortfolio.Web.Security;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>Which Kalshi environment a signed-in user's data comes from.</summary>
public interface IUserKalshiEndpoints
{
    /// <summary>The user's environment, or null when the user has no (readable) stored key.</summary>
    Task<KalshiEndpoints?> ResolveAsync(string userId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Reads the environment the user signed in to from the stored credentials (the key itself is not used here:
/// market data is public) and maps it with <see cref="KalshiEnvironments"/>.
/// </summary>
public sealed class StoredCredentialEndpoints(CredentialManager credentials, KalshiEnvironments environments) : IUserKalshiEndpoints
{
    public async Task<KalshiEndpoints?> ResolveAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var stored = await credentials.GetAsync(userId, cancellationToken);
        return stored is null ? null : environments.Resolve(stored.Environment);
    }
}
