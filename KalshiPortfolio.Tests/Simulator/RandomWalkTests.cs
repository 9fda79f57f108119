using KalshiPortfolio.Simulator.Exchange;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The price process: reproducible from its seed, and always a valid two-sided quote on the tick grid.</summary>
[Trait("Category", "Unit")]
public sealed class RandomWalkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_seed_gives_the_same_sequence_of_quotes()
    {
        Run(seed: 42, steps: 5_000).Should().Equal(Run(seed: 42, steps: 5_000));
    }

    [Fact]
    public void Another_seed_gives_another_sequence()
    {
        Run(seed: 42, steps: 500).Should().NotEqual(Run(seed: 43, steps: 500));
    }

    [Fact]
    public void Quotes_stay_two_sided_on_the_grid_inside_zero_and_one()
    {
        var markets = MarketCatalogue.Load(Now);
        var walk = new RandomWalk(7);
        foreach (var market in markets) market.Quote = walk.Initial(market.Quote, market.Grid);

        for (var step = 0; step < 200_000; step++)
        {
            if (walk.Step(markets) is not { } moved) continue;
            var q = moved.Quote;
            q.YesBid.Should().BeLessThan(q.YesAsk);
            if (step % 50 != 0) continue; // the full check is slower; sample it
            moved.Grid.Contains(q.YesBid).Should().BeTrue();
            moved.Grid.Contains(q.YesAsk).Should().BeTrue();
            q.YesBid.Should().BeGreaterThan(0m);
            q.YesAsk.Should().BeLessThan(1m);
            q.HasBid.Should().BeTrue();
            q.HasAsk.Should().BeTrue();
        }
        foreach (var market in markets)
        {
            var q = market.Quote;
            (q.YesBid < q.YesAsk && market.Grid.Contains(q.YesBid) && market.Grid.Contains(q.YesAsk)).Should().BeTrue(market.Ticker);
        }
    }

    [Fact]
    public void Markets_without_a_book_get_an_initial_two_sided_quote_and_real_quotes_are_kept()
    {
        var markets = MarketCatalogue.Load(Now);
        var walk = new RandomWalk(1);
        var recorded = markets.Single(m => m.Ticker == "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP");
        walk.Initial(recorded.Quote, recorded.Grid).Should().Be(new Quote(0.47m, 3m, 0.52m, 3m));

        var empty = markets.First(m => !m.Quote.HasBid && !m.Quote.HasAsk);
        var initial = walk.Initial(empty.Quote, empty.Grid);
        initial.HasBid.Should().BeTrue();
        initial.HasAsk.Should().BeTrue();
        initial.YesBid.Should().BeLessThan(initial.YesAsk);
    }

    [Fact]
    public void The_deci_cent_market_walks_on_its_tenth_of_a_cent_grid()
    {
        var markets = MarketCatalogue.Load(Now);
        var deci = markets.Single(m => m.Grid.Count > 900);
        deci.Grid.Min.Should().Be(0.001m);
        var walk = new RandomWalk(3);
        deci.Quote = walk.Initial(deci.Quote, deci.Grid);

        for (var i = 0; i < 200; i++) walk.Step([deci]);

        deci.Grid.Contains(deci.Quote.YesBid).Should().BeTrue();
        (deci.Quote.YesBid * 1000m % 1m).Should().Be(0m);
    }

    private static List<string> Run(int seed, int steps)
    {
        var markets = MarketCatalogue.Load(Now);
        var walk = new RandomWalk(seed);
        foreach (var market in markets) market.Quote = walk.Initial(market.Quote, market.Grid);
        var trace = new List<string>();
        for (var i = 0; i < steps; i++)
        {
            if (walk.Step(markets) is { } moved) trace.Add($"{moved.Ticker} {moved.Quote}");
        }
        return trace;
    }
}
