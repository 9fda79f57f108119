using System.Net;
using System.Runtime.CompilerServices;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Http;
using KalshiPortfolio.Core.Kalshi.Json;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Kalshi.Queries;

namespace KalshiPortfolio.Core.Kalshi;

/// <summary>
/// Kalshi's public market data over REST: markets, events and the exchange status. Create it with
/// <see cref="IKalshiClientFactory"/> to get retries, timeouts and the circuit breaker. Every call throws a
/// <see cref="KalshiApiException"/> subtype on failure, except that the caller's own cancellation surfaces as
/// <see cref="OperationCanceledException"/>.
/// </summary>
public class KalshiClient
{
    private readonly HttpClient _http;
    private readonly KalshiSigner? _signer;
    private readonly IKalshiClientObserver? _observer;

    /// <summary>
    /// A public client over <paramref name="httpClient"/>. Prefer <see cref="IKalshiClientFactory.CreatePublic"/>,
    /// whose HttpClient carries the resilience pipeline. <paramref name="observer"/> hears of skipped rows.
    /// </summary>
    public KalshiClient(HttpClient httpClient, KalshiEndpoints endpoints, KalshiClientOptions? options = null, IKalshiClientObserver? observer = null)
        : this(httpClient, endpoints, options, signer: null, observer)
    {
    }

    private protected KalshiClient(
        HttpClient httpClient, KalshiEndpoints endpoints, KalshiClientOptions? options, KalshiSigner? signer, IKalshiClientObserver? observer)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        Endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
        Options = options ?? new KalshiClientOptions();
        _signer = signer;
        _observer = observer;
    }

    /// <summary>The environment this client talks to.</summary>
    public KalshiEndpoints Endpoints { get; }

    private protected KalshiClientOptions Options { get; }

    /// <summary><c>GET /markets/{ticker}</c>.</summary>
    /// <exception cref="KalshiNotFoundException">No market has this ticker.</exception>
    public Task<KalshiMarket> GetMarketAsync(string ticker, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ticker);
        return GetAsync("/markets/" + Uri.EscapeDataString(ticker), string.Empty, KalshiResponseParser.ParseMarket, cancellationToken);
    }

    /// <summary><c>GET /markets</c>: one page. Pass <see cref="KalshiPage{T}.Cursor"/> back in <see cref="MarketQuery.Cursor"/> for the next.</summary>
    public Task<KalshiPage<KalshiMarket>> GetMarketsAsync(MarketQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new MarketQuery();
        var qs = new QueryStringBuilder()
            .AddLimit(query.Limit, Options.DefaultPageLimit)
            .Add("cursor", query.Cursor)
            .Add("status", query.Status?.ToString().ToLowerInvariant())
            .AddList("tickers", query.Tickers)
            .Add("event_ticker", query.EventTicker)
            .Add("series_ticker", query.SeriesTicker);
        return GetAsync("/markets", qs.ToString(), KalshiResponseParser.ParseMarketsPage, cancellationToken);
    }

    /// <summary>
    /// Every market matching <paramref name="query"/>, walking the pages lazily (filters resent on every page).
    /// </summary>
    /// <exception cref="KalshiProtocolException">Kalshi repeated a cursor, or there were more than <see cref="KalshiClientOptions.MaxPages"/> pages.</exception>
    public async IAsyncEnumerable<KalshiMarket> GetAllMarketsAsync(MarketQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new MarketQuery();
        await foreach (var page in EnumeratePagesAsync(
                           query.Cursor,
                           (cursor, ct) => GetMarketsAsync(query with { Cursor = cursor }, ct),
                           page => page.Cursor,
                           "markets",
                           cancellationToken).ConfigureAwait(false))
        {
            foreach (var market in page.Items)
            {
                yield return market;
            }
        }
    }

    /// <summary><c>GET /events/{event_ticker}</c> with its markets.</summary>
    /// <exception cref="KalshiNotFoundException">No event has this ticker.</exception>
    public Task<KalshiEvent> GetEventAsync(string eventTicker, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventTicker);
        return GetAsync("/events/" + Uri.EscapeDataString(eventTicker), "?with_nested_markets=true", KalshiResponseParser.ParseEvent, cancellationToken);
    }

    /// <summary><c>GET /exchange/status</c>.</summary>
    public Task<KalshiExchangeStatus> GetExchangeStatusAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/exchange/status", string.Empty, KalshiResponseParser.ParseExchangeStatus, cancellationToken);

    /// <summary>Sends one GET (signed when this client has a signer), maps failures, and parses the body.</summary>
    private protected async Task<T> GetAsync<T>(string relativePath, string query, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken)
    {
        var uri = Endpoints.Rest(relativePath, query);
        var method = HttpMethod.Get.Method;
        var path = uri.AbsolutePath;

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        if (_signer is not null)
        {
            request.Options.Set(KalshiSigningHandler.SignerOption, _signer);
        }

        HttpStatusCode status;
        byte[] body;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            EnsureSigned(request);
            status = response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw KalshiFailures.FromResponse(status, body, method, path);
            }
        }
        catch (Exception ex) when (KalshiFailures.TryMap(ex, method, path, cancellationToken, out var mapped))
        {
            throw mapped;
        }

        T result;
        try
        {
            result = parse(body);
        }
        catch (KalshiProtocolException ex)
        {
            throw new KalshiProtocolException(
                $"Kalshi's response to {method} {path} (HTTP {(int)status}) could not be read: {ex.Message}",
                status, requestMethod: method, requestPath: path, innerException: ex);
        }

        if (result is ISkippedInputCarrier { Skipped.Count: > 0 } carrier)
        {
            Report(carrier.Skipped);
        }

        return result;
    }

    private void Report(IReadOnlyList<KalshiSkippedInput> skipped)
    {
        if (_observer is null)
        {
            return;
        }

        foreach (var item in skipped)
        {
            try
            {
                _observer.OnSkippedInput(item);
            }
            catch (Exception)
            {
                // An observer's failure never fails the call (see IKalshiClientObserver).
            }
        }
    }

    /// <summary>
    /// Walks pages from <paramref name="firstCursor"/> until the cursor is empty, refusing to loop on a repeated
    /// cursor and stopping at <see cref="KalshiClientOptions.MaxPages"/>.
    /// </summary>
    private protected async IAsyncEnumerable<TPage> EnumeratePagesAsync<TPage>(
        string? firstCursor,
        Func<string?, CancellationToken, Task<TPage>> fetch,
        Func<TPage, string?> nextCursor,
        string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cursor = string.IsNullOrEmpty(firstCursor) ? null : firstCursor;
        if (cursor is not null)
        {
            seen.Add(cursor);
        }

        for (var pages = 1; ; pages++)
        {
            var page = await fetch(cursor, cancellationToken).ConfigureAwait(false);
            yield return page;

            var next = nextCursor(page);
            if (string.IsNullOrEmpty(next))
            {
                yield break;
            }

            if (!seen.Add(next))
            {
                throw new KalshiProtocolException(
                    $"Kalshi returned a {what} cursor it had already returned (after {pages} pages); stopped instead of looping forever.",
                    HttpStatusCode.OK);
            }

            if (pages >= Options.MaxPages)
            {
                throw new KalshiProtocolException(
                    $"Kalshi's {what} listing did not end within {Options.MaxPages} pages (KalshiClientOptions.MaxPages); stopped.",
                    HttpStatusCode.OK);
            }

            cursor = next;
        }
    }

    private void EnsureSigned(HttpRequestMessage request)
    {
        if (_signer is not null && !request.Options.TryGetValue(KalshiSigningHandler.SignedOption, out _))
        {
            throw new InvalidOperationException(
                "This authenticated Kalshi client's HttpClient has no KalshiSigningHandler, so its requests go unsigned. " +
                "Create clients with IKalshiClientFactory (services.AddKalshiClient()) or put a KalshiSigningHandler in the HttpClient's handler chain.");
        }
    }
}
