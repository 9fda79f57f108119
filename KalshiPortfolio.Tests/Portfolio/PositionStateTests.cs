using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Tests.Portfolio;

[Trait("Category", "Unit")]
public sealed class PositionStateTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 11, 6, 29, 30, TimeSpan.Zero);

    private static PositionUpdate Held(decimal position, decimal cost, decimal realized = 0m, decimal fees = 0m) => new()
    {
        Ticker = "KXTEST-1",
        Position = position,
        Cost = cost,
        RealizedPnl = realized,
        FeesPaid = fees,
        UpdatedAt = At,
    };

    private static MarketQuote Quote(decimal? bid, decimal? ask, decimal? last = null) =>
        MarketQuote.Create("KXTEST-1", bid, ask, last, At);

    [Fact]
    public void Yes_position_from_the_capture_is_marked_at_the_yes_bid()
    {
        // portfolio__positions.json: 3 YES contracts bought for $2.50; markets__single.json: yes_bid 0.47.
        var state = PositionState.Create(Held(3m, 2.50m, fees: 0.0189m), Quote(0.47m, 0.52m, 0.99m), MarkMethod.Liquidation);

        state.Side.Should().Be(PositionSide.Yes);
        state.Quantity.Should().Be(3m);
        state.AverageEntryPrice.Should().Be(0.833333m);
        state.MarkPrice.Should().Be(0.47m);
        state.MarketValue.Should().Be(1.41m);
        state.UnrealizedPnl.Should().Be(-1.09m);
        state.UnrealizedPnlPercent.Should().Be(-43.6m);
        state.FeesPaid.Should().Be(0.0189m);
    }

    [Fact]
    public void No_position_is_marked_at_one_minus_the_yes_ask()
    {
        // The reference's NO capture: position_fp -1.00, exposure 0.73; yes_ask 0.30 → no_bid 0.70.
        var state = PositionState.Create(Held(-1m, 0.73m), Quote(0.25m, 0.30m), MarkMethod.Liquidation);

        state.Side.Should().Be(PositionSide.No);
        state.Quantity.Should().Be(1m);
        state.AverageEntryPrice.Should().Be(0.73m);
        state.MarkPrice.Should().Be(0.70m);
        state.UnrealizedPnl.Should().Be(-0.03m);
    }

    [Theory]
    [InlineData(3, 2.50, 0.47, 0.52, 0.495, -1.015)]
    [InlineData(-1, 0.73, 0.25, 0.30, 0.725, -0.005)]
    public void Mid_marks_at_the_middle_of_the_book_for_the_held_side(
        decimal position, decimal cost, decimal bid, decimal ask, decimal expectedMark, decimal expectedPnl)
    {
        var state = PositionState.Create(Held(position, cost), Quote(bid, ask), MarkMethod.Mid);

        state.MarkSource.Should().Be(MarkMethod.Mid);
        state.MarkPrice.Should().Be(expectedMark);
        state.UnrealizedPnl.Should().Be(expectedPnl);
    }

    [Fact]
    public void Last_marks_yes_at_the_last_price_and_no_at_its_complement()
    {
        var yes = PositionState.Create(Held(2m, 1.00m), Quote(0.40m, 0.60m, 0.55m), MarkMethod.Last);
        var no = PositionState.Create(Held(-2m, 1.00m), Quote(0.40m, 0.60m, 0.55m), MarkMethod.Last);

        yes.MarkPrice.Should().Be(0.55m);
        yes.UnrealizedPnl.Should().Be(0.10m);
        no.MarkPrice.Should().Be(0.45m);
        no.UnrealizedPnl.Should().Be(-0.10m);
    }

    [Fact]
    public void An_empty_bid_side_is_never_used_as_a_mark()
    {
        // Both of Kalshi's empty-side sentinels: 0.0000 and 1.0000 with size 0.00.
        var zero = MarketQuote.Create("KXTEST-1", 0.0000m, 0.52m, null, At, yesBidSize: 0m, yesAskSize: 5m);
        var one = MarketQuote.Create("KXTEST-1", 0.45m, 1.0000m, null, At, yesBidSize: 5m, yesAskSize: 0m);

        var yes = PositionState.Create(Held(3m, 2.50m), zero, MarkMethod.Liquidation);
        var no = PositionState.Create(Held(-1m, 0.73m), one, MarkMethod.Liquidation);

        yes.MarkPrice.Should().BeNull();
        yes.MarketValue.Should().BeNull();
        yes.UnrealizedPnl.Should().BeNull();
        no.MarkPrice.Should().BeNull();
    }

    [Fact]
    public void An_empty_book_side_falls_back_to_the_last_trade()
    {
        var quote = MarketQuote.Create("KXTEST-1", 0m, 0.52m, 0.50m, At, yesBidSize: 0m, yesAskSize: 3m);

        var state = PositionState.Create(Held(3m, 2.50m), quote, MarkMethod.Liquidation);

        state.MarkSource.Should().Be(MarkMethod.Last);
        state.MarkPrice.Should().Be(0.50m);
        state.UnrealizedPnl.Should().Be(-1.00m);
    }

    [Fact]
    public void Mid_with_one_empty_side_falls_back_to_liquidation()
    {
        var quote = MarketQuote.Create("KXTEST-1", 0.40m, null, null, At);

        var state = PositionState.Create(Held(1m, 0.30m), quote, MarkMethod.Mid);

        state.MarkSource.Should().Be(MarkMethod.Liquidation);
        state.MarkPrice.Should().Be(0.40m);
    }

    [Fact]
    public void Sub_cent_prices_are_exact()
    {
        // A deci-cent market: 7 contracts bought at 0.123 each, bid 0.1255.
        var state = PositionState.Create(Held(7m, 0.861m), Quote(0.1255m, 0.1265m), MarkMethod.Liquidation);

        state.AverageEntryPrice.Should().Be(0.123m);
        state.MarketValue.Should().Be(0.8785m);
        state.UnrealizedPnl.Should().Be(0.0175m);
    }

    [Fact]
    public void Fractional_counts_are_valued_exactly()
    {
        var state = PositionState.Create(Held(0.50m, 0.26m), Quote(0.55m, 0.57m), MarkMethod.Liquidation);

        state.Quantity.Should().Be(0.50m);
        state.AverageEntryPrice.Should().Be(0.52m);
        state.MarketValue.Should().Be(0.275m);
        state.UnrealizedPnl.Should().Be(0.015m);
    }

    [Fact]
    public void Partial_exit_keeps_kalshis_realized_pnl_and_values_the_rest()
    {
        // Bought 10 at 0.40 ($4.00), sold 4 at 0.55: exposure falls to 6 × 0.40, realized 4 × 0.15.
        var state = PositionState.Create(Held(6m, 2.40m, realized: 0.60m, fees: 0.1176m), Quote(0.50m, 0.52m), MarkMethod.Liquidation);

        state.AverageEntryPrice.Should().Be(0.40m);
        state.RealizedPnl.Should().Be(0.60m);
        state.UnrealizedPnl.Should().Be(0.60m);
        state.UnrealizedPnlPercent.Should().Be(25m);
    }

    [Fact]
    public void Without_a_quote_there_is_no_mark()
    {
        var state = PositionState.Create(Held(3m, 2.50m), quote: null, MarkMethod.Liquidation);

        state.MarkPrice.Should().BeNull();
        state.MarkSource.Should().BeNull();
        state.UnrealizedPnlPercent.Should().BeNull();
    }

    [Fact]
    public void Times_are_kept_in_utc()
    {
        var local = new DateTimeOffset(2026, 6, 11, 2, 29, 30, TimeSpan.FromHours(-4));

        var state = PositionState.Create(Held(1m, 0.5m) with { UpdatedAt = local }, null, MarkMethod.Liquidation);

        state.UpdatedAt.Offset.Should().Be(TimeSpan.Zero);
        state.UpdatedAt.Should().Be(At);
    }

    [Fact]
    public void A_huge_cost_over_a_vanishing_quantity_has_no_average_rather_than_throwing()
    {
        // Both inside the input limits ($1e12, a positive count), yet 1e12 / 1e-28 exceeds decimal.
        var state = PositionState.Create(Held(0.0000000000000000000000000001m, 1_000_000_000_000m), Quote(0.40m, 0.42m), MarkMethod.Liquidation);

        state.AverageEntryPrice.Should().BeNull();
        state.MarketValue.Should().Be(0m, "1e-28 × 0.40 rounds to zero");
        state.UnrealizedPnl.Should().Be(-1_000_000_000_000m);
        state.UnrealizedPnlPercent.Should().Be(-100m);
    }

    [Fact]
    public void A_percentage_of_a_vanishing_cost_is_null_rather_than_throwing()
    {
        var state = PositionState.Create(Held(1_000_000_000m, 0.0000000000000000000000000001m), Quote(0.99m, 0.995m), MarkMethod.Liquidation);

        state.MarketValue.Should().Be(990_000_000m);
        state.UnrealizedPnl.Should().Be(990_000_000m - 0.0000000000000000000000000001m);
        state.UnrealizedPnlPercent.Should().BeNull("9.9e8 / 1e-28 × 100 exceeds decimal");
        state.AverageEntryPrice.Should().Be(0m, "1e-28 / 1e9 rounds to zero at 6 places");
    }

    [Fact]
    public void Figures_beyond_decimal_are_null_not_an_exception()
    {
        // Not from Kalshi (its numbers are range-checked), but the state never throws whatever it is given.
        var state = PositionState.Create(Held(decimal.MaxValue, decimal.MinValue), Quote(0.5m, 0.6m), MarkMethod.Liquidation);

        state.MarketValue.Should().Be(decimal.MaxValue * 0.5m);
        state.UnrealizedPnl.Should().BeNull("MaxValue / 2 + MaxValue overflows");
        state.UnrealizedPnlPercent.Should().BeNull();
        state.AverageEntryPrice.Should().Be(-1m);
    }
}
