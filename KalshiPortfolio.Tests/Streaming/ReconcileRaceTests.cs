using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// A REST snapshot requested before a WebSocket message and applied after it must not set that market back:
/// markets changed live since the snapshot was requested keep their live state; the rest follow Kalshi's snapshot.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReconcileRaceTests
{
    private static readonly DateTimeOffset At = UpstreamHarness.Start;
    private static readonly StreamingOptions Options = new() { SubscriberQueueCapacity = 10_000 };
    private readonly FakeTimeProvider _time = new(At);
    private readonly UserPortfolio _portfolio;

    public ReconcileRaceTests() => _portfolio = new UserPortfolio("user-1", Options, _time);

    private static PositionUpdate Position(string ticker, decimal count, decimal cost = 1m) =>
        new() { Ticker = ticker, Position = count, Cost = cost, UpdatedAt = At };

    private static MarketQuote Quote(string ticker, decimal bid, decimal ask) =>
        new() { Ticker = ticker, YesBid = bid, YesAsk = ask, Timestamp = At };

    [Fact]
    public void A_stale_snapshot_does_not_undo_newer_live_changes_but_corrects_everything_else()
    {
        _portfolio.ApplySnapshot([Position("A", 1), Position("B", 1), Position("C", 1)], [Quote("A", 0.40m, 0.42m)], 100m);
        var mark = _portfolio.LiveMark;

        // While the snapshot is in flight: A changes, C closes, D opens, A's quote moves (all live).
        _portfolio.ApplyPosition(Position("A", 5));
        _portfolio.ApplyPosition(Position("C", 0));
        _portfolio.ApplyPosition(Position("D", 2));
        _portfolio.ApplyQuote(Quote("A", 0.50m, 0.52m));

        // The snapshot was taken before those: A=1, C=1, no D, A quoted 0.40; B is wrong in memory and corrected.
        var changes = _portfolio.ApplySnapshot(
            [Position("A", 1), Position("B", 7), Position("C", 1)],
            [Quote("A", 0.40m, 0.42m)],
            90m,
            mark);

        _portfolio.GetPositions().Select(p => (p.Ticker, p.Position)).Should().Equal(("A", 5m), ("B", 7m), ("D", 2m));
        _portfolio.GetPosition("A")!.Quote!.YesBid.Should().Be(0.50m);
        changes.Select(c => c.Ticker).Should().Equal("B");
        _portfolio.GetView().Summary.Cash.Should().Be(90m);
    }

    [Fact]
    public void Without_live_changes_the_snapshot_wins_everywhere()
    {
        _portfolio.ApplyPosition(Position("A", 5));
        _portfolio.ApplyPosition(Position("X", 1));
        var mark = _portfolio.LiveMark;

        _portfolio.ApplySnapshot([Position("A", 1)], [], 10m, mark);

        _portfolio.GetPositions().Select(p => (p.Ticker, p.Position)).Should().Equal(("A", 1m));
    }

    [Fact]
    public void A_title_fetch_does_not_overwrite_a_newer_live_quote()
    {
        _portfolio.ApplyPosition(Position("A", 5));
        var mark = _portfolio.LiveMark;
        _portfolio.ApplyQuote(Quote("A", 0.61m, 0.63m));

        _portfolio.ApplyMarket("A", "Will it rain?", "EV-A", Quote("A", 0.30m, 0.32m), mark);

        var a = _portfolio.GetPosition("A")!;
        a.MarketTitle.Should().Be("Will it rain?");
        a.Quote!.YesBid.Should().Be(0.61m);
    }

    [Fact]
    public async Task Changes_are_published_in_the_order_they_were_applied_across_threads()
    {
        using var subscription = _portfolio.Hub.Subscribe();
        var threads = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 1; i <= 200; i++)
            {
                _portfolio.ApplyPosition(Position($"T{t}", i));
            }
        })).ToArray();
        await Task.WhenAll(threads);
        _time.Advance(Options.PortfolioUpdateInterval); // the totals held back during the burst go out

        var events = subscription.Drain();
        events.Select(e => e.Id).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        for (var t = 0; t < 4; t++)
        {
            var ticker = $"T{t}";
            events.OfType<PositionUpdatedEvent>().Where(e => e.Position.Ticker == ticker).Select(e => e.Position.Position)
                .Should().Equal(Enumerable.Range(1, 200).Select(i => (decimal)i), "each market's updates arrive in order");
        }
        events.OfType<PortfolioUpdatedEvent>().Last().Portfolio.Summary.PositionCount.Should().Be(4);
    }
}
