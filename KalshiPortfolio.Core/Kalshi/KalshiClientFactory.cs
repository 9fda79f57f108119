using KalshiPortfolio.Core.Kalshi.Auth;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Core.Kalshi;

internal sealed class KalshiClientFactory(
    IHttpClientFactory httpClientFactory, IOptions<KalshiClientOptions> options, IKalshiClientObserver? observer = null) : IKalshiClientFactory
{
    public KalshiClient CreatePublic(KalshiEndpoints endpoints) =>
        new(httpClientFactory.CreateClient(KalshiServiceCollectionExtensions.HttpClientName), endpoints, options.Value, observer);

    public AuthenticatedKalshiClient CreateAuthenticated(KalshiEndpoints endpoints, KalshiSigner signer) =>
        new(httpClientFactory.CreateClient(KalshiServiceCollectionExtensions.HttpClientName), endpoints, signer, options.Value, observer);
}
