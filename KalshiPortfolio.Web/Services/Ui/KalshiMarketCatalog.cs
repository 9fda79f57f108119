using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Kalshi.Queries;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>
/// <see cref="IMarketCatalog"/> over a public (unsigned) <see cref="KalshiClient"/> for the user's environment,
/// on the app's shared resilient HTTP pipeline. Kalshi's failures become <see cref="MarketDataUnavailableException"/>
/// with a message for the screen; the caller's cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class KalshiMarketCatalog(
    IKalshiClientFactory clients,
    IUserKalshiEndpoints endpoints,
    ILogger<KalshiMarketCatalog> logger) : IMarketCatalog
{
    /// <summary>Kalshi's largest page.</summary>
    public const int MaxLimit = 1000;

    private readonly Lock _gate = new();
    private string? _userId;
    private Task<KalshiClient>? _client;

    public async Task<MarketCatalogPage> GetOpenMarketsAsync(string userId, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var client = await ClientAsync(userId, cancellationToken);
        try
        {
            var page = await client.GetMarketsAsync(
                new MarketQuery { Status = KalshiMarketStatusFilter.Open, Limit = limit, Cursor = string.IsNullOrEmpty(cursor) ? null : cursor },
                cancellationToken);
            return new MarketCatalogPage(page.Items, page.Cursor);
        }
        catch (KalshiApiException ex)
        {
            logger.LogWarning("Listing open markets failed: {Kind} {Message}", ex.Kind, ex.Message);
            throw new MarketDataUnavailableException($"Kalshi's market list could not be loaded: {Describe(ex)}", ex);
        }
    }

    public async Task<KalshiMarket?> GetMarketAsync(string userId, string ticker, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ticker);
        var client = await ClientAsync(userId, cancellationToken);
        try
        {
            return await client.GetMarketAsync(ticker, cancellationToken);
        }
        catch (KalshiNotFoundException)
        {
            return null;
        }
        catch (KalshiApiException ex)
        {
            logger.LogWarning("Reading market {Ticker} failed: {Kind} {Message}", ticker, ex.Kind, ex.Message);
            throw new MarketDataUnavailableException($"Kalshi's data for {ticker} could not be loaded: {Describe(ex)}", ex);
        }
    }

    // One client per circuit and user: the environment is read once from the stored credentials.
    private Task<KalshiClient> ClientAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        lock (_gate)
        {
            if (_userId != userId || _client is null || _client.IsFaulted || _client.IsCanceled)
            {
                _userId = userId;
                _client = CreateClientAsync(userId, cancellationToken);
            }
            return _client;
        }
    }

    private async Task<KalshiClient> CreateClientAsync(string userId, CancellationToken cancellationToken)
    {
        var resolved = await endpoints.ResolveAsync(userId, cancellationToken)
            ?? throw new MarketDataUnavailableException("No Kalshi key is stored for this session, so its environment is unknown. Sign in again.");
        return clients.CreatePublic(resolved);
    }

    private static string Describe(KalshiApiException ex) => ex switch
    {
        KalshiUnavailableException { IsCircuitOpen: true } => "too many recent failures; waiting before trying again.",
        KalshiUnavailableException => "Kalshi answered that it is unavailable.",
        KalshiTimeoutException => "the request timed out.",
        KalshiNetworkException => "Kalshi could not be reached.",
        KalshiRateLimitedException => "Kalshi is rate-limiting requests.",
        KalshiServerException => "Kalshi answered with a server error.",
        KalshiProtocolException => "Kalshi's answer could not be read.",
        _ => $"Kalshi answered HTTP {(int?)ex.StatusCode}.",
    };
}
