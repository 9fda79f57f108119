using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

[Trait("Category", "Unit")]
public sealed class UserPortfolioTests
{
    // 15:00 UTC = 10:00 in New York (EST): trading day 2026-11-24.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static CachedPortfolio Cached(StoredBaseline? baseline) => new(
        [new CachedPositionState(
            new PositionUpdate { Ticker = "A", Position = 10m, Cost = 4.00m, UpdatedAt = Now.AddMinutes(-5) },
            MarketQuote.Create("A", 0.45m, 0.47m, null, Now.AddMinutes(-5)),
            Now.AddMinutes(-5))],
        Cash: 96.00m,
        CashUpdatedAt: Now.AddMinutes(-5),
        LatestBaseline: baseline);

    [Fact]
    public void Todays_pnl_is_right_from_the_cached_view_when_todays_baseline_is_stored()
    {
        var portfolio = new UserPortfolio("u", new StreamingOptions(), new FakeTimeProvider(Now));

        portfolio.RestoreFromCache(Cached(new StoredBaseline(Today, 99.00m)));

        var view = portfolio.GetView();
        view.Summary.TotalValue.Should().Be(100.50m, "96.00 cash + 10 × 0.45");
        view.Today.Dollars.Should().Be(1.50m);
        portfolio.IsLive.Should().BeFalse();
        portfolio.GetPositions().Should().ContainSingle().Which.IsStale.Should().BeTrue();
    }

    [Fact]
    public void An_older_days_baseline_is_not_todays()
    {
        var portfolio = new UserPortfolio("u", new StreamingOptions(), new FakeTimeProvider(Now));

        portfolio.RestoreFromCache(Cached(new StoredBaseline(Today.AddDays(-1), 50.00m)));

        portfolio.GetView().Today.Should().Be(TodayPnl.Zero);
        portfolio.BaselineDay.Should().Be(Today.AddDays(-1), "so the upstream records today's once Kalshi answers");
    }

    private static PositionUpdate Held(string ticker, decimal count) =>
        new() { Ticker = ticker, Position = count, Cost = count * 0.40m, UpdatedAt = Now };

    private static MarketQuote Quote(string ticker, decimal bid) => MarketQuote.Create(ticker, bid, bid + 0.02m, null, Now);

    [Fact]
    public void During_a_burst_every_position_update_goes_out_and_the_totals_once_per_interval_with_the_latest_values()
    {
        var time = new FakeTimeProvider(Now);
        var options = new StreamingOptions { PortfolioUpdateInterval = TimeSpan.FromMilliseconds(50) };
        using var portfolio = new UserPortfolio("u", options, time);
        portfolio.ApplySnapshot([Held("A", 10m)], [Quote("A", 0.40m)], 100m);
        time.Advance(TimeSpan.FromSeconds(1));
        using var subscription = portfolio.Hub.Subscribe();
        subscription.Drain();

        portfolio.ApplyQuote(Quote("A", 0.41m));
        portfolio.ApplyQuote(Quote("A", 0.42m));
        portfolio.ApplyQuote(Quote("A", 0.43m));
        var burst = subscription.Drain();

        burst.OfType<PositionUpdatedEvent>().Should().HaveCount(3);
        burst.OfType<PortfolioUpdatedEvent>().Should().ContainSingle("the first change goes out at once, the rest wait")
            .Which.Portfolio.Summary.MarketValue.Should().Be(4.10m);

        time.Advance(TimeSpan.FromMilliseconds(49));
        subscription.Drain().Should().BeEmpty();
        time.Advance(TimeSpan.FromMilliseconds(1));
        subscription.Drain().OfType<PortfolioUpdatedEvent>().Should().ContainSingle()
            .Which.Portfolio.Summary.MarketValue.Should().Be(4.30m, "the held-back totals are the latest");

        time.Advance(TimeSpan.FromSeconds(1));
        subscription.Drain().Should().BeEmpty("nothing changed since");
        portfolio.ApplyQuote(Quote("A", 0.44m));
        subscription.Drain().OfType<PortfolioUpdatedEvent>().Should().ContainSingle("an isolated change is not delayed")
            .Which.Portfolio.Summary.MarketValue.Should().Be(4.40m);
    }

    [Fact]
    public void A_zero_interval_publishes_the_totals_with_every_change()
    {
        var time = new FakeTimeProvider(Now);
        using var portfolio = new UserPortfolio("u", new StreamingOptions { PortfolioUpdateInterval = TimeSpan.Zero }, time);
        portfolio.ApplySnapshot([Held("A", 10m)], [Quote("A", 0.40m)], 100m);
        using var subscription = portfolio.Hub.Subscribe();
        subscription.Drain();

        portfolio.ApplyQuote(Quote("A", 0.41m));
        portfolio.ApplyQuote(Quote("A", 0.42m));

        subscription.Drain().OfType<PortfolioUpdatedEvent>().Select(e => e.Portfolio.Summary.MarketValue).Should().Equal(4.10m, 4.20m);
    }

    [Fact]
    public void Totals_held_back_when_the_session_ends_are_not_published()
    {
        var time = new FakeTimeProvider(Now);
        var portfolio = new UserPortfolio("u", new StreamingOptions(), time);
        portfolio.ApplySnapshot([Held("A", 10m)], [Quote("A", 0.40m)], 100m);
        using var subscription = portfolio.Hub.Subscribe();
        portfolio.ApplyQuote(Quote("A", 0.41m));
        subscription.Drain();

        portfolio.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));

        subscription.Drain().Should().BeEmpty();
    }

    [Fact]
    public async Task Subscribing_while_the_status_and_positions_change_never_deadlocks()
    {
        // A subscribe builds its snapshot under the hub's lock (reading the portfolio), while a status change or a
        // position publishes under the portfolio's lock (writing the hub): with two locks that was a lock-order
        // inversion that froze a user (and the CI run) under load. One lock, owned by the portfolio, serves both.
        // Not disposed on failure: disposing takes the lock a deadlocked thread holds.
        var portfolio = new UserPortfolio("u", new StreamingOptions(), TimeProvider.System);
        portfolio.ApplySnapshot([new PositionUpdate { Ticker = "A", Position = 1m, Cost = 0.40m, UpdatedAt = Now }], [], 10m);
        // Both loops start together and run for a second each (at least 100 rounds, however loaded the machine).
        using var start = new Barrier(2);
        bool KeepGoing(System.Diagnostics.Stopwatch clock, int round) => round < 100 || clock.Elapsed < TimeSpan.FromSeconds(1);

        var subscribing = Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(20));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; KeepGoing(clock, i); i++)
            {
                using var subscription = portfolio.Hub.Subscribe();
            }
        });
        var publishing = Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(20));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; KeepGoing(clock, i); i++)
            {
                var reason = i % 2 == 0 ? LinkReason.Live : LinkReason.Verifying;
                portfolio.UpdateStatus(s => s with { State = ConnectionState.Connected, Reason = reason });
                portfolio.ApplyPosition(new PositionUpdate { Ticker = "A", Position = 1m + i % 2, Cost = 0.40m, UpdatedAt = Now });
            }
        });

        // A deadlock leaves them unfinished.
        var both = Task.WhenAll(subscribing, publishing);
        await FluentActions.Awaiting(() => both.WaitAsync(TimeSpan.FromSeconds(15))).Should().NotThrowAsync("neither side may wait on the other forever");
        portfolio.Dispose();
    }
}
