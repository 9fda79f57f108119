using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Account;
using KalshiPortfolio.Web.Security;

namespace KalshiPortfolio.Web.Hosting;

/// <summary>
/// After a restart, resumes every stored user's live portfolio: the cached positions are served at once (marked
/// stale, with their age), then Kalshi's snapshot reconciles them. Also records keys Kalshi refuses.
/// </summary>
public sealed class PortfolioResumeHostedService(
    CredentialManager credentials,
    KalshiEnvironments environments,
    StreamingManager streams,
    ILogger<PortfolioResumeHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        streams.CredentialsRejected += OnCredentialsRejected;
        foreach (var stored in await credentials.GetAllValidAsync(cancellationToken))
        {
            if (environments.Resolve(stored.Environment) is not { } endpoints)
            {
                continue;
            }
            try
            {
                var signer = KalshiSigner.FromPem(stored.KeyId, stored.PrivateKeyPem);
                await streams.StartAsync(new UserAccount(stored.UserId, endpoints, signer), waitForSnapshot: false, cancellationToken);
            }
            catch (InvalidKalshiKeyException ex)
            {
                logger.LogWarning("The stored key of user {UserId} is unusable ({Reason}); sign-in required", stored.UserId, ex.Reason);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        streams.CredentialsRejected -= OnCredentialsRejected;
        await streams.DisposeAsync();
    }

    private void OnCredentialsRejected(string userId) =>
        _ = credentials.MarkInvalidAsync(userId).ContinueWith(
            t => logger.LogWarning(t.Exception, "Could not record that user {UserId}'s key was refused", userId),
            TaskContinuationOptions.OnlyOnFaulted);
}
