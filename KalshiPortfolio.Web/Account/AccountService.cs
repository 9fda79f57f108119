using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Api.Contracts;
using KalshiPortfolio.Web.Security;

namespace KalshiPortfolio.Web.Account;

/// <summary>
/// Sign-in and sign-out: checks a Kalshi key with signed calls to Kalshi, stores it encrypted, starts the user's
/// live portfolio and issues a session; or stops it all again.
/// </summary>
public sealed class AccountService(
    KalshiEnvironments environments,
    IKalshiClientFactory clients,
    CredentialManager credentials,
    StreamingManager streams,
    SessionTokenService tokens,
    TokenRevocationList revocations,
    ILogger<AccountService> logger)
{
    public async Task<AuthenticationOutcome> AuthenticateAsync(AuthenticateRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.KeyId))
        {
            return AuthenticationOutcome.Failure(StatusCodes.Status400BadRequest, "missing_field", "key_id is required: the API key's id as Kalshi shows it.");
        }
        if (string.IsNullOrWhiteSpace(request.PrivateKey))
        {
            return AuthenticationOutcome.Failure(StatusCodes.Status400BadRequest, "missing_field", "private_key is required: the RSA private key (PEM text) Kalshi gave with the key id.");
        }
        var environment = string.IsNullOrWhiteSpace(request.Environment) ? KalshiEnvironments.Production : request.Environment.Trim().ToLowerInvariant();
        if (environments.Resolve(environment) is not { } endpoints)
        {
            return AuthenticationOutcome.Failure(StatusCodes.Status400BadRequest, "invalid_environment",
                $"environment must be one of: {string.Join(", ", KalshiEnvironments.Names)}.");
        }

        KalshiSigner signer;
        try
        {
            signer = KalshiSigner.FromPem(request.KeyId.Trim(), request.PrivateKey);
        }
        catch (InvalidKalshiKeyException ex)
        {
            return AuthenticationOutcome.Failure(StatusCodes.Status400BadRequest, "invalid_private_key", ex.Message);
        }

        var keyId = request.KeyId.Trim();
        var userId = UserIds.For(environment, keyId);
        try
        {
            var client = clients.CreateAuthenticated(endpoints, signer);
            var status = await client.GetExchangeStatusAsync(cancellationToken);
            if (!status.ExchangeActive)
            {
                signer.Dispose();
                return AuthenticationOutcome.Failure(StatusCodes.Status503ServiceUnavailable, "kalshi_maintenance",
                    "Kalshi is in maintenance; sign in again when it reopens.");
            }
            await client.GetBalanceAsync(cancellationToken);
        }
        catch (KalshiAuthenticationException ex)
        {
            signer.Dispose();
            logger.LogInformation("Kalshi refused a sign-in for user {UserId}: {Code} {Details}", userId, ex.Error?.Code, ex.Error?.Details);
            var reason = ex.Error?.Details ?? ex.Error?.Code ?? $"HTTP {(int?)ex.StatusCode}";
            if (ex.Error?.CodeStartsWith("header_timestamp_expired") == true)
            {
                // Not the key: the signed timestamp is outside Kalshi's window, i.e. this server's clock is off.
                return AuthenticationOutcome.Failure(StatusCodes.Status401Unauthorized, "kalshi_rejected_key",
                    $"Kalshi refused the request's timestamp ({ex.Error.Code}): this server's clock differs from Kalshi's by more than a few seconds. Set the server's clock right (NTP) and sign in again.");
            }
            return AuthenticationOutcome.Failure(StatusCodes.Status401Unauthorized, "kalshi_rejected_key",
                $"Kalshi refused this API key ({reason}). Check the key id, that the private key belongs to it, and the environment ({environment}).");
        }
        catch (KalshiApiException ex)
        {
            signer.Dispose();
            logger.LogWarning("Sign-in for user {UserId} could not reach Kalshi: {Kind} {Message}", userId, ex.Kind, ex.Message);
            return AuthenticationOutcome.Failure(StatusCodes.Status503ServiceUnavailable, "kalshi_unavailable",
                $"Kalshi ({environment}) could not be reached to check the key: {Describe(ex)} Try again shortly.");
        }

        try
        {
            await credentials.StoreAsync(new StoredCredentials(userId, environment, keyId, request.PrivateKey), cancellationToken);
        }
        catch
        {
            // The database could not be written (503 storage_unavailable): nothing is started with this key.
            signer.Dispose();
            throw;
        }
        await streams.StartAsync(new UserAccount(userId, endpoints, signer), waitForSnapshot: true, cancellationToken);
        var session = tokens.Issue(userId, revocations.ValidAfter(userId));
        logger.LogInformation("User {UserId} signed in ({Environment})", userId, environment);
        return AuthenticationOutcome.Success(session);
    }

    /// <summary>
    /// Signs the user out everywhere: stops the live portfolio, deletes the key and the cache, revokes the token, and
    /// ends every other session of the user issued before now for good (the logout cut-off).
    /// </summary>
    public async Task LogoutAsync(string userId, string tokenId, DateTimeOffset tokenExpiresAt, CancellationToken cancellationToken)
    {
        await revocations.EndSessionsOfAsync(userId, cancellationToken);
        await revocations.RevokeAsync(tokenId, userId, tokenExpiresAt, cancellationToken);
        // The key goes before the stream stops: a request of another session arriving meanwhile must not find the
        // key and start the stream again. Not cancellable halfway: a sign-out is done completely or not at all.
        await credentials.DeleteAsync(userId, CancellationToken.None);
        await streams.StopAsync(userId, forget: true);
        logger.LogInformation("User {UserId} signed out", userId);
    }

    /// <summary>True while the user has a stored key (signed in, in this or another session).</summary>
    public async Task<bool> IsSignedInAsync(string userId, CancellationToken cancellationToken) =>
        streams.Find(userId) is not null || await credentials.GetAsync(userId, cancellationToken) is not null;

    /// <summary>
    /// The user's live portfolio; after a restart (or if it was stopped) it is started again from the stored key.
    /// Null when the user has no stored key (signed out) or it can no longer be used.
    /// </summary>
    public async Task<UserPortfolio?> GetPortfolioAsync(string userId, CancellationToken cancellationToken)
    {
        if (streams.Find(userId) is { } running)
        {
            return running;
        }
        if (await credentials.GetAsync(userId, cancellationToken) is not { } stored
            || environments.Resolve(stored.Environment) is not { } endpoints)
        {
            return null;
        }
        try
        {
            var signer = KalshiSigner.FromPem(stored.KeyId, stored.PrivateKeyPem);
            return await streams.StartAsync(new UserAccount(userId, endpoints, signer), waitForSnapshot: false, cancellationToken);
        }
        catch (InvalidKalshiKeyException)
        {
            return null;
        }
    }

    private static string Describe(KalshiApiException ex) => ex switch
    {
        KalshiUnavailableException { IsCircuitOpen: true } => "too many recent failures; waiting before trying again.",
        KalshiUnavailableException => "Kalshi answered that it is unavailable.",
        KalshiTimeoutException => "the request timed out.",
        KalshiNetworkException => "the network connection failed.",
        KalshiRateLimitedException => "Kalshi is rate-limiting requests.",
        KalshiServerException => "Kalshi answered with a server error.",
        _ => ex.Message,
    };
}
