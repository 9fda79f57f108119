using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Simulator.Api;
using KalshiPortfolio.Tests.Integration.ClientSimulator.Support;
using KalshiPortfolio.Tests.TestSupport;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator;

/// <summary>
/// The account endpoints through the real client against the simulator: balance, positions (every page), fills and
/// settlements after trades made with the control API, for the demo account and for accounts created with a
/// generated key pair and with an uploaded public key.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PortfolioTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    public enum AccountKind
    {
        GeneratedKeyPair,
        UploadedPublicKey,
    }

    [Fact]
    public async Task The_demo_accounts_balance_positions_and_fills_match_the_simulator()
    {
        var client = fixture.Client.Authenticated(fixture.Demo);

        var balance = await client.GetBalanceAsync();
        var positions = await client.GetPositionsAsync(new PositionQuery { Limit = 3 });
        var fills = await client.GetFillsAsync(new FillQuery { Limit = 7 });

        var account = fixture.Sim.Host.Exchange.FindAccount(fixture.Demo.KeyId)!;
        lock (fixture.Sim.Host.Exchange.Gate)
        {
            balance.Cash.Should().Be(account.Cash);
            balance.PortfolioValue.Should().Be(PortfolioMapper.PortfolioValueCents(account, fixture.Sim.Host.Exchange) / 100m);
            balance.UpdatedAt.Should().Be(WholeSeconds(fixture.Time.GetUtcNow()), "updated_ts is in Unix seconds");

            var books = account.PositionOrder.Where(b => !b.Settled).ToList();
            positions.MarketPositions.Select(p => p.Ticker).Should().BeEquivalentTo(books.Select(b => b.Ticker));
            positions.MarketPositions.Should().HaveCount(fixture.Sim.Host.Options.DemoPositions);
            positions.MarketPositions.Count(p => p.Position < 0).Should().Be(fixture.Sim.Host.Options.DemoPositions / 2, "the demo account opens YES and NO positions alternately");
            foreach (var book in books)
            {
                var row = positions.MarketPositions.Single(p => p.Ticker == book.Ticker);
                row.Position.Should().Be(book.Position, book.Ticker);
                row.MarketExposure.Should().Be(Round6(book.Cost), book.Ticker);
                row.RealizedPnl.Should().Be(Round6(book.RealizedPnl), book.Ticker);
                row.FeesPaid.Should().Be(book.FeesPaid, book.Ticker);
                row.TotalTraded.Should().Be(book.TotalTraded, book.Ticker);
                row.LastUpdated.Should().Be(book.LastUpdated);
            }

            positions.EventPositions.Select(e => e.EventTicker).Should().OnlyHaveUniqueItems()
                .And.BeEquivalentTo(books.Select(b => b.EventTicker).Distinct());
            fills.Should().HaveCount(account.Fills.Count);
            fills.Select(f => f.FillId).Should().Equal(Enumerable.Reverse(account.Fills).Select(f => f.FillId), "newest first, every page once");
        }

        foreach (var group in fills.GroupBy(f => f.Ticker))
        {
            var signed = group.Sum(f => f.OutcomeSide == "yes" ? f.Count : -f.Count);
            signed.Should().Be(positions.MarketPositions.Single(p => p.Ticker == group.Key).Position, "the fills of {0} add up to its position", group.Key);
        }
    }

    [Theory]
    [InlineData(AccountKind.GeneratedKeyPair)]
    [InlineData(AccountKind.UploadedPublicKey)]
    public async Task Trades_show_up_in_balance_positions_fills_and_settlements(AccountKind kind)
    {
        var signer = await CreateAccountAsync(kind, 1000m);
        var client = fixture.Client.Authenticated(signer);
        (await client.GetBalanceAsync()).Should().Be(new KalshiBalance(1000m, 0m, WholeSeconds(fixture.Time.GetUtcNow())));

        var pair = fixture.TakeEvent(minimumMarkets: 2);
        var (a, b) = (pair[0], pair[1]);
        var others = fixture.TakeEvent(minimumMarkets: 4).Take(4).ToList();
        var sim = fixture.Sim;

        await sim.TradeAsync(signer.KeyId, a, "yes", "buy", 10, 0.40m);  // YES buy: +10, cost 4.00, fee 0.1680
        await sim.TradeAsync(signer.KeyId, b, "no", "buy", 4, 0.55m);    // NO buy: −4, cost 2.20, fee 0.0693
        await sim.TradeAsync(signer.KeyId, a, "yes", "sell", 4, 0.50m);  // partial sell: +6, realizes 4 × 0.10, fee 0.0700
        await sim.TradeAsync(signer.KeyId, a, "no", "buy", 9, 0.45m);    // crosses zero: sells 6 YES at 0.55 (+0.90), opens 3 NO at 0.45, fee 0.1560
        for (var i = 0; i < others.Count; i++)
        {
            await sim.TradeAsync(signer.KeyId, others[i], "yes", "buy", i + 1, 0.25m);
        }

        // Positions: every page (3 pages of 2), each market and each event once.
        var firstPage = await client.GetPositionsPageAsync(new PositionQuery { Limit = 2 });
        firstPage.MarketPositions.Should().HaveCount(2);
        firstPage.HasMore.Should().BeTrue();
        var positions = await client.GetPositionsAsync(new PositionQuery { Limit = 2 });
        positions.MarketPositions.Select(p => p.Ticker).Should().BeEquivalentTo(others.Append(a).Append(b)).And.OnlyHaveUniqueItems();

        var posA = positions.MarketPositions.Single(p => p.Ticker == a);
        (posA.Position, posA.MarketExposure, posA.RealizedPnl, posA.FeesPaid, posA.TotalTraded)
            .Should().Be((-3m, 1.35m, 1.30m, 0.3940m, 8.05m));
        posA.LastUpdated.Should().Be(fixture.Time.GetUtcNow());
        var posB = positions.MarketPositions.Single(p => p.Ticker == b);
        (posB.Position, posB.MarketExposure, posB.RealizedPnl, posB.FeesPaid, posB.TotalTraded)
            .Should().Be((-4m, 2.20m, 0m, 0.0693m, 2.20m));
        for (var i = 0; i < others.Count; i++)
        {
            var row = positions.MarketPositions.Single(p => p.Ticker == others[i]);
            (row.Position, row.MarketExposure, row.RealizedPnl, row.FeesPaid).Should().Be((i + 1m, (i + 1) * 0.25m, 0m, Fee(i + 1, 0.25m)));
        }

        positions.EventPositions.Select(e => e.EventTicker).Should().OnlyHaveUniqueItems("each event is listed once across the pages");
        var eventA = positions.EventPositions.Single(e => e.EventTicker == EventOf(a));
        (eventA.TotalCost, eventA.TotalCostShares, eventA.EventExposure, eventA.RealizedPnl, eventA.FeesPaid)
            .Should().Be((10.25m, 23m, 3.55m, 1.30m, 0.4633m));
        var eventOthers = positions.EventPositions.Single(e => e.EventTicker == EventOf(others[0]));
        (eventOthers.TotalCost, eventOthers.EventExposure, eventOthers.FeesPaid).Should().Be((2.50m, 2.50m, Enumerable.Range(1, 4).Sum(n => Fee(n, 0.25m))));
        positions.EventPositions.Should().HaveCount(2);

        // Fills: newest first, every page, with Kalshi's outcome/book sides and fees.
        var fills = await client.GetFillsAsync(new FillQuery { Limit = 3 });
        fills.Should().HaveCount(8);
        fills.Select(f => f.FillId).Should().OnlyHaveUniqueItems();
        var fillsA = await client.GetFillsAsync(new FillQuery { Ticker = a });
        fillsA.Select(f => (f.Ticker, f.OutcomeSide, f.BookSide, f.Side, f.Action, f.Count, f.YesPrice, f.NoPrice, f.FeeCost, f.IsTaker)).Should().Equal(
            (a, "no", "ask", "no", "buy", 9m, 0.55m, 0.45m, 0.1560m, true),
            (a, "no", "ask", "yes", "sell", 4m, 0.50m, 0.50m, 0.0700m, true),
            (a, "yes", "bid", "yes", "buy", 10m, 0.40m, 0.60m, 0.1680m, true));
        fillsA.Should().OnlyContain(f => f.CreatedTime == fixture.Time.GetUtcNow() && f.OrderId != null);
        fills.Where(f => f.Ticker == b).Should().ContainSingle().Which.FeeCost.Should().Be(0.0693m);

        // Cash: cost + fee out on buys, proceeds in on sells.
        var expectedCash = 1000m
            - 4.00m - 0.1680m
            - 2.20m - 0.0693m
            + 2.00m - 0.0700m
            + (6 * 0.55m - 3 * 0.45m) - 0.1560m
            - Enumerable.Range(1, 4).Sum(n => n * 0.25m + Fee(n, 0.25m));
        var balance = await client.GetBalanceAsync();
        balance.Cash.Should().Be(expectedCash);
        balance.Cash.Should().Be(sim.Host.Exchange.GetCashDollars(signer.KeyId));

        // Settlement: A settles NO (3 NO contracts win $1 each), B settles YES (its 4 NO contracts lose).
        await sim.SettleAsync(a, "no");
        await sim.SettleAsync(b, "yes");

        var afterSettlement = await client.GetPositionsAsync(new PositionQuery { Limit = 2 });
        afterSettlement.MarketPositions.Select(p => p.Ticker).Should().BeEquivalentTo(others, "settled positions leave /portfolio/positions");
        afterSettlement.EventPositions.Select(e => e.EventTicker).Should().Equal(EventOf(others[0]));

        var settlements = await client.GetSettlementsAsync(new SettlementQuery { Limit = 1 });
        settlements.Select(s => s.Ticker).Should().Equal(b, a);
        // Lifetime per-side totals (Kalshi's semantics): A's YES side is the 10 bought at 0.40; its NO side the 4 YES
        // sold at 0.50 (= NO at 0.50) and the 9 NO bought at 0.45. Revenue pays the 3 NO still held.
        var settledA = settlements.Single(s => s.Ticker == a);
        (settledA.EventTicker, settledA.MarketResult, settledA.YesCount, settledA.NoCount, settledA.YesTotalCost, settledA.NoTotalCost, settledA.Revenue, settledA.FeeCost, settledA.Value)
            .Should().Be((EventOf(a), "no", 10m, 13m, 4.00m, 2.00m + 4.05m, 3.00m, 0.3940m, 0m));
        settledA.ClosedPairs.Should().Be(10m);
        settledA.PnlBeforeFees.Should().Be(3.00m + 10m - 4.00m - 6.05m, "revenue + pairs × $1 − both sides' costs")
            .And.Be(posA.RealizedPnl + (3.00m - posA.MarketExposure), "the realized P&L before settlement plus the held NO's payout over its cost");
        settledA.NetPnl.Should().Be(2.95m - 0.3940m);
        settledA.SettledTime.Should().Be(fixture.Time.GetUtcNow());
        var settledB = settlements.Single(s => s.Ticker == b);
        (settledB.MarketResult, settledB.YesCount, settledB.NoCount, settledB.NoTotalCost, settledB.Revenue, settledB.Value)
            .Should().Be(("yes", 0m, 4m, 2.20m, 0m, 1.00m));
        settledB.PnlBeforeFees.Should().Be(-2.20m);

        (await client.GetBalanceAsync()).Cash.Should().Be(expectedCash + 3.00m, "$1 per winning contract");
        (await client.GetSettlementsAsync(new SettlementQuery { Ticker = a })).Should().ContainSingle();
    }

    [Fact]
    public async Task A_closed_position_stays_listed_flat_until_settlement_and_count_filter_hides_it()
    {
        var signer = await CreateAccountAsync(AccountKind.UploadedPublicKey, 100m);
        var client = fixture.Client.Authenticated(signer);
        var tickers = fixture.TakeEvent(minimumMarkets: 2);
        await fixture.Sim.TradeAsync(signer.KeyId, tickers[0], "yes", "buy", 5, 0.60m);
        await fixture.Sim.TradeAsync(signer.KeyId, tickers[0], "yes", "sell", 5, 0.70m);
        await fixture.Sim.TradeAsync(signer.KeyId, tickers[1], "no", "buy", 2, 0.30m);

        var all = await client.GetPositionsAsync();
        var open = await client.GetPositionsAsync(new PositionQuery { CountFilter = "position" });

        var flat = all.MarketPositions.Single(p => p.Ticker == tickers[0]);
        (flat.Position, flat.MarketExposure, flat.RealizedPnl, flat.TotalTraded).Should().Be((0m, 0m, 0.50m, 3.00m));
        open.MarketPositions.Select(p => p.Ticker).Should().Equal(tickers[1]);
    }

    private async Task<CoreSigner> CreateAccountAsync(AccountKind kind, decimal balance) => fixture.Own(kind switch
    {
        AccountKind.GeneratedKeyPair => await fixture.Sim.CreateGeneratedAccountAsync(balance),
        _ => await fixture.Sim.CreateUploadedKeyAccountAsync(TestRsaKeys.Pkcs8Pem, balance),
    });

    private string EventOf(string ticker) => fixture.Sim.Host.Exchange.GetMarket(ticker).EventTicker;

    /// <summary>Kalshi's taker fee: 0.07 · count · P · (1 − P), rounded up to $0.0001.</summary>
    private static decimal Fee(decimal count, decimal price) => decimal.Ceiling(0.07m * count * price * (1m - price) * 10_000m) / 10_000m;

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    private static decimal Round6(decimal value) => decimal.Round(value, 6, MidpointRounding.AwayFromZero);
}
