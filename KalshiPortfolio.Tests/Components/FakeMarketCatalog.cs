using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Web.Services.Ui;

namespace KalshiPortfolio.Tests.Components;

/// <summary>
/// <see cref="IMarketCatalog"/> for component tests: pages of markets by cursor, single markets by ticker, and
/// failures on demand. Every call is recorded.
/// </summary>
internal sealed class FakeMarketCatalog : IMarketCatalog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MarketCatalogPage> _pages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KalshiMarket> _markets = new(StringComparer.Ordinal);
    private readonly Queue<Exception> _failures = new();

    /// <summary>The cursors asked for, in order ("" for the first page).</summary>
    public List<string> PageRequests { get; } = [];

    /// <summary>The tickers asked for, in order.</summary>
    public List<string> MarketRequests { get; } = [];

    /// <summary>The user ids the calls were made for.</summary>
    public List<string> Users { get; } = [];

    public int? LastLimit { get; private set; }

    /// <summary>When set, page requests wait for it (to look at the loading state).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>The page served for <paramref name="cursor"/> (null = the first page).</summary>
    public FakeMarketCatalog WithPage(string? cursor, string? nextCursor, params KalshiMarket[] markets)
    {
        lock (_gate)
        {
            _pages[cursor ?? ""] = new MarketCatalogPage(markets, nextCursor);
            foreach (var market in markets)
            {
                _markets[market.Ticker] = market;
            }
        }
        return this;
    }

    /// <summary>A market served by <see cref="GetMarketAsync"/> (replacing any earlier one).</summary>
    public FakeMarketCatalog WithMarket(KalshiMarket market)
    {
        lock (_gate)
        {
            _markets[market.Ticker] = market;
        }
        return this;
    }

    /// <summary>The next call (of either kind) throws this.</summary>
    public FakeMarketCatalog FailNext(Exception exception)
    {
        lock (_gate)
        {
            _failures.Enqueue(exception);
        }
        return this;
    }

    public async Task<MarketCatalogPage> GetOpenMarketsAsync(string userId, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        Exception? failure;
        MarketCatalogPage? page;
        lock (_gate)
        {
            Users.Add(userId);
            PageRequests.Add(cursor ?? "");
            LastLimit = limit;
            _failures.TryDequeue(out failure);
            page = _pages.GetValueOrDefault(cursor ?? "");
        }
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (failure is not null)
        {
            throw failure;
        }
        return page ?? new MarketCatalogPage([], null);
    }

    public Task<KalshiMarket?> GetMarketAsync(string userId, string ticker, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Users.Add(userId);
            MarketRequests.Add(ticker);
            if (_failures.TryDequeue(out var failure))
            {
                return Task.FromException<KalshiMarket?>(failure);
            }
            return Task.FromResult(_markets.GetValueOrDefault(ticker));
        }
    }

    /// <summary>A market as Kalshi lists it, with a two-sided book.</summary>
    public static KalshiMarket Market(
        string ticker,
        decimal? yesBid = 0.52m,
        decimal? yesAsk = 0.54m,
        decimal? last = 0.53m,
        string? title = null,
        string? yesSubTitle = null,
        string? eventTicker = null) => new()
    {
        Ticker = ticker,
        EventTicker = eventTicker ?? (ticker.LastIndexOf('-') is var dash and > 0 ? ticker[..dash] : ticker),
        Title = title ?? $"Market {ticker}?",
        YesSubTitle = yesSubTitle,
        Status = "active",
        YesBid = yesBid,
        YesAsk = yesAsk,
        YesBidSize = yesBid is null ? 0m : 100m,
        YesAskSize = yesAsk is null ? 0m : 100m,
        LastPrice = last,
        Volume24h = 1250m,
        OpenInterest = 400m,
        CloseTime = new DateTimeOffset(2026, 3, 20, 18, 0, 0, TimeSpan.Zero),
        UpdatedTime = TestData.At,
    };

    public static KalshiMarket[] Markets(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => Market($"{prefix}-{i:D3}", yesBid: 0.30m + i % 40 * 0.01m, yesAsk: 0.32m + i % 40 * 0.01m)).ToArray();
}
