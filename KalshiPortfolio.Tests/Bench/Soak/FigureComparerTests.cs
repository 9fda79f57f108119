using System.Text.Json;
using KalshiPortfolio.Bench.Soak;

namespace KalshiPortfolio.Tests.Bench.Soak;

/// <summary>The comparison of a view's figures with the exchange's: exact, figure by figure, with the 4-vs-6-decimal case named.</summary>
[Trait("Category", "Unit")]
public sealed class FigureComparerTests
{
    private static readonly AccountFigures Exchange = new(100.5m, new Dictionary<string, PositionFigures>
    {
        ["KXA"] = new(5m, 2.5m, 0m, 0.0875m),
        ["KXB"] = new(-3m, 1.013333m, 0.026667m, 0.0525m),
    });

    [Fact]
    public void Equal_figures_agree_whatever_their_trailing_zeros()
    {
        var view = new AccountFigures(100.5000m, new Dictionary<string, PositionFigures>
        {
            ["KXB"] = new(-3.00m, 1.013333m, 0.026667m, 0.052500m),
            ["KXA"] = new(5.00m, 2.500000m, 0.000000m, 0.0875m),
        });

        FigureComparer.Compare(Exchange, view).Should().BeEmpty();
        Exchange.SameAs(view).Should().BeTrue();
    }

    [Fact]
    public void Each_differing_figure_missing_and_extra_position_and_cash_is_reported_with_its_delta()
    {
        var view = new AccountFigures(99.25m, new Dictionary<string, PositionFigures>
        {
            ["KXA"] = new(6m, 2.5m, 0.01m, 0.0875m),
            ["KXC"] = new(1m, 0.5m, 0m, 0m),
        });

        var differences = FigureComparer.Compare(Exchange, view);

        differences.Should().BeEquivalentTo(new[]
        {
            new FigureDifference(null, Figure.Cash, 100.5m, 99.25m),
            new FigureDifference("KXA", Figure.Position, 5m, 6m),
            new FigureDifference("KXA", Figure.Realized, 0m, 0.01m),
            new FigureDifference("KXB", Figure.Missing, -3m, null),
            new FigureDifference("KXC", Figure.Extra, null, 1m),
        }, o => o.WithStrictOrdering());
        differences[0].Delta.Should().Be(-1.25m);
        differences[0].ToString().Should().Be("cash 99.25 ≠ exchange 100.5 (Δ -1.25)");
        differences[3].ToString().Should().Be("KXB missing (exchange: position -3)");
        differences.Should().OnlyContain(d => !d.WithinFourDecimalRounding);
    }

    [Fact]
    public void The_websockets_four_decimal_money_against_rests_six_is_a_difference_named_as_such()
    {
        // market_position over the socket: 1.0133 and 0.0267; /portfolio/positions: 1.013333 and 0.026667.
        var view = new AccountFigures(100.5m, new Dictionary<string, PositionFigures>
        {
            ["KXA"] = new(5m, 2.5m, 0m, 0.0875m),
            ["KXB"] = new(-3m, 1.0133m, 0.0267m, 0.0525m),
        });

        var differences = FigureComparer.Compare(Exchange, view);

        differences.Select(d => d.Figure).Should().Equal(Figure.Cost, Figure.Realized);
        differences.Should().OnlyContain(d => d.WithinFourDecimalRounding);
        new FigureDifference("KXB", Figure.Cost, 1.0133m, 1.0134m).WithinFourDecimalRounding.Should().BeFalse("a whole 4th-decimal step is more than rounding");
        new FigureDifference("KXB", Figure.Position, 1m, 1.00001m).WithinFourDecimalRounding.Should().BeFalse("counts are not money");
    }

    [Fact]
    public void Figures_are_read_from_the_exchanges_view_and_the_apps_answers_leaving_out_closed_rows()
    {
        var exchange = JsonDocument.Parse("""
            {"key_id":"k","balance_dollars":"9876.5432","market_positions":[
              {"ticker":"KXA","position_fp":"-4.00","market_exposure_dollars":"2.120000","realized_pnl_dollars":"0.010000","fees_paid_dollars":"0.070000","total_traded_dollars":"2.12"},
              {"ticker":"KXZ","position_fp":"0.00","market_exposure_dollars":"0.000000","realized_pnl_dollars":"0.300000","fees_paid_dollars":"0.010000","total_traded_dollars":"1"}],
             "fill_count":3,"settlement_count":0,"exchange_active":true,"trading_active":true}
            """).RootElement;
        var positions = JsonDocument.Parse("""
            {"positions":[{"ticker":"KXA","side":"no","quantity":"4","position_fp":"-4","cost_dollars":"2.12","realized_pnl_dollars":"0.01","fees_paid_dollars":"0.07"}],"source":"live"}
            """).RootElement;
        var portfolio = JsonDocument.Parse("""{"portfolio":{"cash_dollars":"9876.5432"},"source":"live"}""").RootElement;

        var expected = AccountFigures.FromExchange(exchange);
        var app = AccountFigures.FromApp(positions, portfolio);

        expected.Positions.Keys.Should().Equal("KXA");
        expected.Cash.Should().Be(9876.5432m);
        FigureComparer.Compare(expected, app).Should().BeEmpty();
    }
}
