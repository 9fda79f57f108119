using KalshiPortfolio.Core.Kalshi.Auth;

namespace KalshiPortfolio.Core.Kalshi;

/// <summary>
/// Creates Kalshi clients on the shared, resilient HTTP pipeline registered by
/// <see cref="KalshiServiceCollectionExtensions.AddKalshiClient"/>. Clients are cheap; create one per user or use.
/// </summary>
public interface IKalshiClientFactory
{
    /// <summary>A client for public market data; its requests are not signed.</summary>
    KalshiClient CreatePublic(KalshiEndpoints endpoints);

    /// <summary>A client that signs every request with <paramref name="signer"/> (market calls included).
    /// The client does not own the signer: dispose the signer when the credentials are no longer needed.</summary>
    AuthenticatedKalshiClient CreateAuthenticated(KalshiEndpoints endpoints, KalshiSigner signer);
}
