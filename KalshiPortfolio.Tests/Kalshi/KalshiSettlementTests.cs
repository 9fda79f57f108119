using KalshiPortfolio.Core.Kalshi.Json;
using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Tests.Kalshi;

/// <summary>
/// A settlement row's P&amp;L with Kalshi's semantics (lifetime per-side totals, revenue for the net position only),
/// against the real production rows and the composed partial-exit row of the reference (Fixtures/kalshi-settlements).
/// </summary>
[Trait("Category", "Unit")]
public sealed class KalshiSettlementTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "kalshi-settlements");

    [Fact]
    public void The_real_rows_of_two_fully_exited_markets_read_as_lifetime_per_side_totals()
    {
        var rows = Load("production__exited_markets");

        rows.Select(r => (r.Ticker, r.YesCount, r.NoCount, r.YesTotalCost, r.NoTotalCost, r.Revenue, r.FeeCost)).Should().Equal(
            ("KXTRUMPMENTION-26JAN15-SOMA", 168m, 168m, 97.08m, 151.34m, 0m, 3.89m),
            ("KXTRUMPMENTION-26JAN15-CRED", 189m, 189m, 96.52m, 165.55m, 0m, 4.75m));
        rows.Should().OnlyContain(r => r.MarketResult == null && r.SettledTime == null && r.Value == null, "the sources do not give them");
    }

    [Fact]
    public void A_fully_exited_market_books_kalshis_realized_pnl_not_the_naive_revenue_minus_costs()
    {
        var (soma, cred) = Load("production__exited_markets") switch { [var a, var b] => (a, b), var r => throw new InvalidOperationException($"{r.Count} rows") };

        soma.ClosedPairs.Should().Be(168m, "every YES bought was sold: 168 pairs");
        soma.PnlBeforeFees.Should().Be(-80.42m, "168 − 97.08 − 151.34, Kalshi's own realized P&L (FIFO) of the market");
        soma.NetPnl.Should().Be(-84.31m, "Kalshi's ROI net of the market's fees");
        (soma.Revenue - soma.YesTotalCost - soma.NoTotalCost).Should().Be(-248.42m, "the naive term BUG-084 added on top, for contrast");

        cred.ClosedPairs.Should().Be(189m);
        cred.PnlBeforeFees.Should().Be(-73.07m, "189 − 96.52 − 165.55");
        cred.NetPnl.Should().Be(-77.82m);
    }

    [Fact]
    public void A_partial_exit_pays_the_net_position_and_counts_the_pairs_at_a_dollar()
    {
        var row = Load("composed__partial_exit").Single();

        (row.Ticker, row.EventTicker, row.MarketResult, row.Value, row.SettledTime).Should().Be(
            ("KXEX-26JAN02-T50", "KXEX-26JAN02", "yes", 1.00m, new DateTimeOffset(2026, 1, 2, 15, 0, 0, TimeSpan.Zero)));
        (row.YesCount, row.YesTotalCost, row.NoCount, row.NoTotalCost, row.Revenue, row.FeeCost).Should().Be((10m, 5.00m, 4m, 1.60m, 6.00m, 0.2422m));
        row.ClosedPairs.Should().Be(4m, "the 4 YES sold are 4 NO bought at 1 − 0.60");
        row.PnlBeforeFees.Should().Be(3.40m, "6.00 + 4 − 5.00 − 1.60, the cash flows −5.00 + 2.40 + 6.00");
        row.NetPnl.Should().Be(3.40m - 0.2422m);
    }

    [Theory]
    [InlineData("5", "0", "1.50", "0", 500, "3.50")]        // held to settlement, won: payout − cost
    [InlineData("5", "0", "1.50", "0", 0, "-1.50")]         // held to settlement, lost
    [InlineData("0", "4", "0", "2.20", 400, "1.80")]        // NO held, won
    [InlineData("10", "13", "4.00", "6.05", 300, "2.95")]   // crossed zero to 3 NO, NO won
    [InlineData("3", "3", "1.20", "1.50", 0, "0.30")]       // bought 3 YES at 0.40, sold them at 0.50
    [InlineData("0.50", "0.25", "0.25", "0.10", 25, "0.15")] // fractional counts
    public void Pnl_before_fees_is_revenue_plus_pairs_minus_both_sides_costs(
        string yesCount, string noCount, string yesCost, string noCost, int revenueCents, string expected)
    {
        var row = new KalshiSettlement
        {
            Ticker = "T",
            YesCount = D(yesCount),
            NoCount = D(noCount),
            YesTotalCost = D(yesCost),
            NoTotalCost = D(noCost),
            Revenue = revenueCents / 100m,
            FeeCost = 0.25m,
        };

        row.ClosedPairs.Should().Be(Math.Min(D(yesCount), D(noCount)));
        row.PnlBeforeFees.Should().Be(D(expected));
        row.NetPnl.Should().Be(D(expected) - 0.25m, "fees are subtracted once");
    }

    private static decimal D(string text) => decimal.Parse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<KalshiSettlement> Load(string name) =>
        KalshiResponseParser.ParseSettlementsPage(File.ReadAllBytes(Path.Combine(Directory, name + ".json"))).Items;
}
