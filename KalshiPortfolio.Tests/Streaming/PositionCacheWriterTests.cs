using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>Write-through with retries, bounded pending state, and the periodic full sync, on a fake clock.</summary>
[Trait("Category", "Unit")]
public sealed class PositionCacheWriterTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(UpstreamHarness.Start);
    private readonly TimerWatch _timers;
    private readonly FakePortfolioStore _store = new();
    private readonly PortfolioMetrics _metrics = new();
    private readonly StreamingOptions _options = new()
    {
        CacheWriteInterval = TimeSpan.Zero,
        CacheRetryDelay = TimeSpan.FromSeconds(1),
        FullSyncInterval = TimeSpan.FromSeconds(60),
    };
    private UserPortfolio _portfolio = null!;
    private PositionCacheWriter _writer = null!;

    public PositionCacheWriterTests() => _timers = new TimerWatch(_time);

    private Task WaitForTimerAsync(TimeSpan fromNow, string what) => _timers.WaitForTimerAsync(_time.GetUtcNow() + fromNow, what);

    public Task InitializeAsync()
    {
        _portfolio = new UserPortfolio("user-1", _options, _timers);
        _writer = new PositionCacheWriter(_portfolio, _store, _options, _metrics, _timers, NullLogger.Instance);
        _writer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        _metrics.Dispose();
    }

    private static PositionUpdate Position(string ticker, decimal count, decimal cost = 1m) =>
        new() { Ticker = ticker, Position = count, Cost = cost, UpdatedAt = UpstreamHarness.Start };

    [Fact]
    public async Task Changes_are_written_through()
    {
        _portfolio.ApplyPosition(Position("A", 3));
        _portfolio.ApplyPosition(Position("B", -2));

        await Eventually.True(() => _store.Positions.Count == 2, "both rows written");
        _portfolio.ApplyPosition(Position("A", 0));
        await Eventually.True(() => !_store.Positions.ContainsKey("A"), "the closed row deleted");
        _writer.Failures.Should().Be(0);
    }

    [Fact]
    public async Task A_failing_store_is_retried_with_backoff_while_the_portfolio_goes_on()
    {
        _store.FailSaves(3);

        _portfolio.ApplyPosition(Position("A", 3));
        await Eventually.True(() => _writer.Failures == 1, "the first failure counted");
        _portfolio.ApplyPosition(Position("A", 5));
        _portfolio.ApplyPosition(Position("B", 1));
        _portfolio.GetPositions().Select(p => (p.Ticker, p.Position)).Should().Equal(("A", 5m), ("B", 1m));

        await WaitForTimerAsync(TimeSpan.FromSeconds(1), "retry 1");
        _time.Advance(TimeSpan.FromSeconds(1)); // retry 1 fails
        await Eventually.True(() => _writer.Failures == 2, "the second failure");
        await WaitForTimerAsync(TimeSpan.FromSeconds(2), "retry 2, after twice the delay");
        _time.Advance(TimeSpan.FromSeconds(1));
        _store.SaveCalls.Should().Be(2);
        _time.Advance(TimeSpan.FromSeconds(1)); // retry 2 fails
        await Eventually.True(() => _writer.Failures == 3, "the third failure");
        await WaitForTimerAsync(TimeSpan.FromSeconds(4), "retry 3");
        _time.Advance(TimeSpan.FromSeconds(4)); // retry 3 succeeds

        await Eventually.True(() => _store.Positions.Count == 2, "written once the store recovers");
        _store.Positions["A"].Position.Should().Be(5, "the latest state, not the one that failed first");
        _writer.PendingCount.Should().Be(0);
    }

    [Fact]
    public async Task A_store_that_fails_for_good_keeps_one_pending_entry_per_market()
    {
        _store.FailSaves(int.MaxValue);
        _portfolio.ApplySnapshot([], [], 100m); // live, with cash

        for (var i = 1; i <= 1500; i++)
        {
            _portfolio.ApplyPosition(Position($"M{i % 3}", i));
        }
        await Eventually.True(() => _writer.Failures == 1, "the first failure");
        await WaitForTimerAsync(TimeSpan.FromSeconds(1), "the retry");
        for (var i = 1501; i <= 3000; i++)
        {
            _portfolio.ApplyPosition(Position($"M{i % 3}", i));
        }
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => _writer.Failures == 2, "the retry failed too");

        _writer.PendingCount.Should().BeLessThanOrEqualTo(3 + 1, "one entry per market, plus the cash");
        _portfolio.GetPositions().Should().HaveCount(3);
    }

    [Fact]
    public async Task The_full_sync_repairs_what_failed_writes_left_behind()
    {
        _portfolio.ApplySnapshot([Position("A", 1)], [], 50m); // live
        await Eventually.True(() => _store.Positions.ContainsKey("A"), "A written");
        _store.FailSaves(int.MaxValue);
        _portfolio.ApplyPosition(Position("A", 0));
        _portfolio.ApplyPosition(Position("B", 4));
        await Eventually.True(() => _writer.Failures >= 1, "the write failed");
        await WaitForTimerAsync(TimeSpan.FromSeconds(1), "the retry");
        _store.Positions.Keys.Should().Equal("A");

        _time.Advance(_options.FullSyncInterval); // the sync was due 60 s after start (its timer exists since then)

        await Eventually.True(() => _store.ReplaceCalls == 1, "the full sync ran");
        await Eventually.Assert(() => _store.Positions.Keys.Should().Equal("B"));
        _store.Positions["B"].Position.Should().Be(4);
        _store.Cash.Should().Be(50m);
    }

    [Fact]
    public async Task The_full_sync_never_writes_back_what_was_read_from_the_cache()
    {
        _portfolio.RestoreFromCache(new CachedPortfolio([new CachedPositionState(Position("A", 1), null, UpstreamHarness.Start)], 10m, UpstreamHarness.Start));

        _time.Advance(_options.FullSyncInterval);
        _time.Advance(_options.FullSyncInterval);

        await _writer.DisposeAsync();
        _store.ReplaceCalls.Should().Be(0);
    }

    [Fact]
    public async Task Disposing_writes_what_is_pending()
    {
        _store.FailSaves(1);
        _portfolio.ApplyPosition(Position("A", 2));
        await Eventually.True(() => _writer.Failures == 1, "the failed write");

        await _writer.DisposeAsync();

        _store.Positions.Should().ContainKey("A");
    }
}
