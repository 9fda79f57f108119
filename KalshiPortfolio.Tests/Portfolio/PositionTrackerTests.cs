using KalshiPortfolio.Core.Portfolio;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Portfolio;

[Trait("Category", "Unit")]
public sealed class PositionTrackerTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 11, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(At);

    private PositionTracker NewTracker(MarkMethod method = MarkMethod.Liquidation) => new(method, _time);

    private static PositionUpdate Held(string ticker, decimal position, decimal cost, decimal realized = 0m, decimal fees = 0m) => new()
    {
        Ticker = ticker,
        Position = position,
        Cost = cost,
        RealizedPnl = realized,
        FeesPaid = fees,
        UpdatedAt = At,
    };

    private static MarketQuote Quote(string ticker, decimal? bid, decimal? ask, decimal? last = null) =>
        MarketQuote.Create(ticker, bid, ask, last, At.AddSeconds(1));

    [Fact]
    public void A_new_position_is_reported_as_opened()
    {
        var tracker = NewTracker();

        var change = tracker.UpdatePosition(Held("A", 3m, 2.50m));

        change.Should().NotBeNull();
        change!.Kind.Should().Be(PositionChangeKind.Opened);
        change.Previous.Should().BeNull();
        change.Current!.Quantity.Should().Be(3m);
        tracker.GetAllPositions().Should().ContainSingle().Which.Ticker.Should().Be("A");
    }

    [Fact]
    public void A_price_update_revalues_the_held_position_and_returns_before_and_after()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 3m, 2.50m));
        tracker.UpdatePrice(Quote("A", 0.47m, 0.52m));

        var change = tracker.UpdatePrice(Quote("A", 0.60m, 0.62m));

        change!.Kind.Should().Be(PositionChangeKind.Updated);
        change.Previous!.UnrealizedPnl.Should().Be(-1.09m);
        change.Current!.UnrealizedPnl.Should().Be(-0.70m);
    }

    [Fact]
    public void A_price_for_a_market_not_held_changes_nothing_but_values_a_later_position()
    {
        var tracker = NewTracker();

        tracker.UpdatePrice(Quote("B", 0.30m, 0.35m)).Should().BeNull();
        var opened = tracker.UpdatePosition(Held("B", 2m, 0.50m));

        opened!.Current!.MarkPrice.Should().Be(0.30m);
        opened.Current.UnrealizedPnl.Should().Be(0.10m);
    }

    [Fact]
    public void A_quote_that_moves_nothing_the_position_shows_is_not_a_change()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 3m, 2.50m));
        tracker.UpdatePrice(Quote("A", 0.47m, 0.52m));

        tracker.UpdatePrice(Quote("A", 0.47m, 0.52m)).Should().BeNull();
    }

    [Fact]
    public void A_position_going_to_zero_is_closed_and_its_realized_pnl_kept_in_the_portfolio()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 3m, 2.50m, fees: 0.0189m));

        var change = tracker.UpdatePosition(Held("A", 0m, 0m, realized: 0.35m, fees: 0.03m));

        change!.Kind.Should().Be(PositionChangeKind.Closed);
        change.Current.Should().BeNull();
        tracker.GetAllPositions().Should().BeEmpty();
        var portfolio = tracker.GetPortfolio();
        portfolio.RealizedPnl.Should().Be(0.35m);
        portfolio.FeesPaid.Should().Be(0.03m);
        portfolio.PositionCount.Should().Be(0);
    }

    [Fact]
    public void Flat_updates_for_markets_not_held_change_nothing()
    {
        var tracker = NewTracker();

        tracker.UpdatePosition(Held("A", 0m, 0m)).Should().BeNull();
        tracker.RemovePosition("nope").Should().BeNull();
    }

    [Fact]
    public void A_reopened_market_does_not_count_its_realized_pnl_twice()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 2m, 1.00m));
        tracker.UpdatePosition(Held("A", 0m, 0m, realized: 0.40m));

        tracker.UpdatePosition(Held("A", 1m, 0.55m, realized: 0.40m));

        tracker.GetPortfolio().RealizedPnl.Should().Be(0.40m);
    }

    [Fact]
    public void Removing_a_settled_position_records_its_final_realized_pnl()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 3m, 2.50m, fees: 0.0189m));

        var change = tracker.RemovePosition("A", finalRealizedPnl: 0.50m);

        change!.Kind.Should().Be(PositionChangeKind.Closed);
        tracker.GetPortfolio().RealizedPnl.Should().Be(0.50m);
        tracker.GetPortfolio().FeesPaid.Should().Be(0.0189m);
    }

    [Fact]
    public void Portfolio_totals_are_cash_plus_market_value_of_yes_and_no_positions()
    {
        var tracker = NewTracker();
        tracker.SetCash(98.0186m);
        tracker.UpdatePosition(Held("YES", 3m, 2.50m, fees: 0.0189m));
        tracker.UpdatePosition(Held("NO", -1m, 0.73m, fees: 0.0138m));
        tracker.UpdatePrice(Quote("YES", 0.47m, 0.52m));
        tracker.UpdatePrice(Quote("NO", 0.25m, 0.30m));

        var portfolio = tracker.GetPortfolio();

        portfolio.Cash.Should().Be(98.0186m);
        portfolio.MarketValue.Should().Be(1.41m + 0.70m);
        portfolio.TotalValue.Should().Be(98.0186m + 2.11m);
        portfolio.CostBasis.Should().Be(3.23m);
        portfolio.UnrealizedPnl.Should().Be(-1.12m);
        portfolio.FeesPaid.Should().Be(0.0327m);
        portfolio.PositionCount.Should().Be(2);
        portfolio.UnmarkedCount.Should().Be(0);
        portfolio.AsOf.Should().Be(At);
    }

    [Fact]
    public void Unmarked_positions_are_counted_and_left_out_of_market_value()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 3m, 2.50m));
        tracker.UpdatePosition(Held("B", 1m, 0.40m));
        tracker.UpdatePrice(Quote("B", 0.45m, 0.50m));

        var portfolio = tracker.GetPortfolio();

        portfolio.UnmarkedCount.Should().Be(1);
        portfolio.MarketValue.Should().Be(0.45m);
        portfolio.UnrealizedPnl.Should().Be(0.05m);
        portfolio.UnrealizedPnlPercent.Should().Be(12.5m);
        portfolio.CostBasis.Should().Be(2.90m);
    }

    [Fact]
    public void Reconcile_applies_the_snapshot_and_closes_what_kalshi_no_longer_lists()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("KEEP", 1m, 0.50m));
        tracker.UpdatePosition(Held("GONE", 2m, 1.00m));

        var changes = tracker.Reconcile([Held("KEEP", 1m, 0.50m), Held("NEW", -4m, 2.00m)]);

        changes.Select(c => (c.Kind, c.Ticker)).Should().BeEquivalentTo(new[]
        {
            (PositionChangeKind.Opened, "NEW"),
            (PositionChangeKind.Closed, "GONE"),
        });
        tracker.GetAllPositions().Select(p => p.Ticker).Should().Equal("KEEP", "NEW");
    }

    [Fact]
    public void Cached_positions_are_stale_until_kalshi_confirms_them()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 3m, 2.50m), isStale: true);
        tracker.GetPosition("A")!.IsStale.Should().BeTrue();

        var changes = tracker.Reconcile([Held("A", 3m, 2.50m)]);

        changes.Should().ContainSingle().Which.Current!.IsStale.Should().BeFalse();
    }

    [Fact]
    public void Changing_the_mark_method_revalues_every_position()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 3m, 2.50m));
        tracker.UpdatePrice(Quote("A", 0.47m, 0.52m));

        var changes = tracker.SetMarkMethod(MarkMethod.Mid);

        changes.Should().ContainSingle().Which.Current!.UnrealizedPnl.Should().Be(-1.015m);
        tracker.GetPortfolio().UnrealizedPnl.Should().Be(-1.015m);
    }

    [Fact]
    public void The_title_learned_for_a_market_is_kept_across_updates()
    {
        var tracker = NewTracker();
        tracker.UpdatePosition(Held("A", 1m, 0.50m) with { MarketTitle = "Will it rain?" });

        var change = tracker.UpdatePosition(Held("A", 2m, 1.00m));

        change!.Current!.MarketTitle.Should().Be("Will it rain?");
    }

    [Fact]
    public void Ten_thousand_positions_keep_exact_totals_through_price_updates()
    {
        var tracker = NewTracker();
        decimal expectedValue = 0m, expectedCost = 0m;
        for (var i = 0; i < 10_000; i++)
        {
            var ticker = $"M{i:D5}";
            var position = i % 2 == 0 ? 3m : -2m;
            tracker.UpdatePosition(Held(ticker, position, 1.11m));
            var bid = 0.01m + (i % 97) / 100m;
            var ask = bid + 0.01m;
            tracker.UpdatePrice(Quote(ticker, bid, ask));
            expectedValue += position > 0 ? 3m * bid : 2m * (1m - ask);
            expectedCost += 1.11m;
        }

        var portfolio = tracker.GetPortfolio();
        portfolio.PositionCount.Should().Be(10_000);
        portfolio.MarketValue.Should().Be(expectedValue);
        portfolio.UnrealizedPnl.Should().Be(expectedValue - expectedCost);
        tracker.GetAllPositions().Sum(p => p.UnrealizedPnl!.Value).Should().Be(portfolio.UnrealizedPnl);
    }

    [Fact]
    public async Task Concurrent_updates_leave_totals_equal_to_the_sum_of_positions()
    {
        var tracker = NewTracker();
        for (var i = 0; i < 200; i++)
        {
            tracker.UpdatePosition(Held($"M{i}", i % 3 == 0 ? -1m : 2m, 0.80m));
        }

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var random = new Random(w);
            for (var n = 0; n < 5_000; n++)
            {
                var ticker = $"M{random.Next(200)}";
                var bid = random.Next(1, 98) / 100m;
                tracker.UpdatePrice(MarketQuote.Create(ticker, bid, bid + 0.01m, null, At));
            }
        }));
        await Task.WhenAll(writers);

        var positions = tracker.GetAllPositions();
        var portfolio = tracker.GetPortfolio();
        portfolio.MarketValue.Should().Be(positions.Sum(p => p.MarketValue ?? 0m));
        portfolio.UnrealizedPnl.Should().Be(positions.Sum(p => p.UnrealizedPnl ?? 0m));
    }

    [Fact]
    public void Totals_of_positions_at_the_input_limits_never_throw()
    {
        var tracker = NewTracker();
        tracker.SetCash(1_000_000_000_000m);
        tracker.UpdatePosition(Held("MAX", 1_000_000_000m, 1_000_000_000_000m, realized: -1_000_000_000_000m, fees: 1_000_000_000_000m));
        tracker.UpdatePosition(Held("MIN", -1_000_000_000m, 0.0000000000000000000000000001m));
        tracker.UpdatePosition(Held("TINY", 0.0000000000000000000000000001m, 1_000_000_000_000m));
        foreach (var ticker in new[] { "MAX", "MIN", "TINY" })
        {
            tracker.UpdatePrice(Quote(ticker, 0.999999m, 0.999999m));
        }

        var summary = tracker.GetPortfolio();

        summary.MarketValue.Should().Be(999_999_000m + 0.000001m * 1_000_000_000m + 0.0000000000000000000000000001m * 0.999999m);
        summary.CostBasis.Should().Be(2_000_000_000_000m + 0.0000000000000000000000000001m);
        summary.UnrealizedPnlPercent.Should().NotBeNull();
        tracker.GetAllPositions().Single(p => p.Ticker == "MIN").UnrealizedPnlPercent.Should().BeNull("a gain over a cost of 1e-28 has no percentage");
        TodayPnl.From(summary, 0.0000000000000000000000000001m).Percent.Should().BeNull("a change over a vanishing baseline has no percentage");
    }
}
