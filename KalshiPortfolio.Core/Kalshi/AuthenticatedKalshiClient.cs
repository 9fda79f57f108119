using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Json;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Kalshi.Queries;

namespace KalshiPortfolio.Core.Kalshi;

/// <summary>
/// Kalshi REST for one account: balance, positions, fills and settlements, plus everything of
/// <see cref="KalshiClient"/>. Every request (market data included) is signed by the pipeline's
/// <see cref="Http.KalshiSigningHandler"/> with this client's <see cref="KalshiSigner"/>, afresh on each attempt.
/// The client does not own the signer.
/// </summary>
public sealed class AuthenticatedKalshiClient : KalshiClient
{
    /// <summary>
    /// An authenticated client over <paramref name="httpClient"/>, whose handler chain must contain a
    /// <see cref="Http.KalshiSigningHandler"/> (the first call fails with <see cref="InvalidOperationException"/>
    /// otherwise). Prefer <see cref="IKalshiClientFactory.CreateAuthenticated"/>.
    /// </summary>
    public AuthenticatedKalshiClient(
        HttpClient httpClient, KalshiEndpoints endpoints, KalshiSigner signer, KalshiClientOptions? options = null, IKalshiClientObserver? observer = null)
        : base(httpClient, endpoints, options, signer ?? throw new ArgumentNullException(nameof(signer)), observer)
    {
    }

    /// <summary><c>GET /portfolio/balance</c>.</summary>
    /// <exception cref="KalshiAuthenticationException">Kalshi rejected the key id, signature or timestamp.</exception>
    public Task<KalshiBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/portfolio/balance", string.Empty, KalshiResponseParser.ParseBalance, cancellationToken);

    /// <summary><c>GET /portfolio/positions</c>: one page (unsettled positions only, as Kalshi returns them).</summary>
    public Task<KalshiPositionsPage> GetPositionsPageAsync(PositionQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new PositionQuery();
        var qs = new QueryStringBuilder()
            .AddLimit(query.Limit, Options.DefaultPageLimit)
            .Add("cursor", query.Cursor)
            .Add("ticker", query.Ticker)
            .Add("event_ticker", query.EventTicker)
            .Add("count_filter", query.CountFilter)
            .Add("subaccount", query.Subaccount);
        return GetAsync("/portfolio/positions", qs.ToString(), KalshiResponseParser.ParsePositionsPage, cancellationToken);
    }

    /// <summary>
    /// Every unsettled position: walks all pages of <c>GET /portfolio/positions</c> (the end is a cursor that is
    /// "", null or absent), resending the filters on each page. Rows that could not be used are in
    /// <see cref="KalshiPositions.Skipped"/> (and reported to the <see cref="IKalshiClientObserver"/>).
    /// </summary>
    /// <exception cref="KalshiProtocolException">Kalshi repeated a cursor, or the listing exceeded <see cref="KalshiClientOptions.MaxPages"/>.</exception>
    public async Task<KalshiPositions> GetPositionsAsync(PositionQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new PositionQuery();
        var markets = new List<KalshiMarketPosition>();
        var events = new List<KalshiEventPosition>();
        var skipped = new List<KalshiSkippedInput>();
        await foreach (var page in EnumeratePagesAsync(
                           query.Cursor,
                           (cursor, ct) => GetPositionsPageAsync(query with { Cursor = cursor }, ct),
                           page => page.Cursor,
                           "positions",
                           cancellationToken).ConfigureAwait(false))
        {
            markets.AddRange(page.MarketPositions);
            events.AddRange(page.EventPositions);
            skipped.AddRange(page.Skipped);
        }

        return new KalshiPositions(markets, events) { Skipped = skipped };
    }

    /// <summary><c>GET /portfolio/fills</c>: one page, newest first.</summary>
    public Task<KalshiPage<KalshiFill>> GetFillsPageAsync(FillQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new FillQuery();
        var qs = new QueryStringBuilder()
            .AddLimit(query.Limit, Options.DefaultPageLimit)
            .Add("cursor", query.Cursor)
            .Add("ticker", query.Ticker)
            .Add("order_id", query.OrderId)
            .Add("min_ts", query.MinTime)
            .Add("max_ts", query.MaxTime)
            .Add("subaccount", query.Subaccount);
        return GetAsync("/portfolio/fills", qs.ToString(), KalshiResponseParser.ParseFillsPage, cancellationToken);
    }

    /// <summary>Every fill matching <paramref name="query"/>, walking all pages (filters resent on each).</summary>
    public Task<IReadOnlyList<KalshiFill>> GetFillsAsync(FillQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new FillQuery();
        return CollectAsync(query.Cursor, (cursor, ct) => GetFillsPageAsync(query with { Cursor = cursor }, ct), "fills", cancellationToken);
    }

    /// <summary><c>GET /portfolio/settlements</c>: one page.</summary>
    public Task<KalshiPage<KalshiSettlement>> GetSettlementsPageAsync(SettlementQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new SettlementQuery();
        var qs = new QueryStringBuilder()
            .AddLimit(query.Limit, Options.DefaultPageLimit)
            .Add("cursor", query.Cursor)
            .Add("ticker", query.Ticker)
            .Add("event_ticker", query.EventTicker)
            .Add("min_ts", query.MinTime)
            .Add("max_ts", query.MaxTime)
            .Add("subaccount", query.Subaccount);
        return GetAsync("/portfolio/settlements", qs.ToString(), KalshiResponseParser.ParseSettlementsPage, cancellationToken);
    }

    /// <summary>Every settlement matching <paramref name="query"/>, walking all pages (filters resent on each).</summary>
    public Task<IReadOnlyList<KalshiSettlement>> GetSettlementsAsync(SettlementQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new SettlementQuery();
        return CollectAsync(query.Cursor, (cursor, ct) => GetSettlementsPageAsync(query with { Cursor = cursor }, ct), "settlements", cancellationToken);
    }

    private async Task<IReadOnlyList<T>> CollectAsync<T>(
        string? firstCursor, Func<string?, CancellationToken, Task<KalshiPage<T>>> fetch, string what, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await foreach (var page in EnumeratePagesAsync(firstCursor, fetch, page => page.Cursor, what, cancellationToken).ConfigureAwait(false))
        {
            items.AddRange(page.Items);
        }

        return items;
    }
}
