using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// A settled market's realized P&amp;L from the simulator through the app, the account API and the SSE feed: booked
/// as the settlement row's revenue + min(yes, no) × $1 − both sides' lifetime costs, set once, never added to the
/// realized P&amp;L the position rows had already counted; fees stay apart.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SettlementBookingTests(StreamingAppFixture fixture) : IClassFixture<StreamingAppFixture>
{
    [Fact]
    public async Task The_worked_partial_exit_books_plus_3_40_before_fees_in_the_portfolio_the_api_and_the_feed()
    {
        var user = await fixture.SignInAsync(balance: 100m);
        var market = fixture.NewMarket();
        await using var feed = await user.OpenFeedAsync();
        await feed.NextAsync("snapshot");
        await user.TradeAsync(market, "yes", "buy", 10, 0.50m);
        await user.TradeAsync(market, "yes", "sell", 4, 0.60m);
        await feed.NextAsync("position_update", e => e.Ticker() == market && e.Pos().Money("position_fp") == 6m);
        await Eventually.True(() => user.Portfolio.GetView().Summary.Cash == 100m - 5.00m - 0.1750m + 2.40m - 0.0672m, "cash after both fills");
        user.Portfolio.GetView().Summary.RealizedPnl.Should().Be(0.40m, "4 sold at 0.10 over their cost");

        fixture.Simulator.Exchange.Settle(market, ContractSide.Yes);

        (await feed.NextAsync("position_closed")).Json.Ticker().Should().Be(market);
        var settled = await feed.NextAsync("portfolio_update", e => e.GetProperty("portfolio").Money("realized_pnl_dollars") == 3.40m
            && e.GetProperty("portfolio").Money("cash_dollars") == 100m + 3.40m - 0.2422m);
        settled.Json.GetProperty("portfolio").GetProperty("position_count").GetInt32().Should().Be(0);

        using var api = fixture.App.CreateBearerClient(user.Token);
        var portfolio = (await api.GetApiAsync(AccountApi.Portfolio)).Json.GetProperty("portfolio");
        (portfolio.Dec("realized_pnl_dollars"), portfolio.Dec("fees_paid_dollars"), portfolio.Dec("cash_dollars"))
            .Should().Be((3.40m, 0.2422m, 103.1578m), "+3.40 before fees; the fees are their own figure");
    }

    [Fact]
    public async Task A_settlement_missed_on_the_socket_is_booked_once_by_the_reconcile()
    {
        var user = await fixture.SignInAsync(balance: 100m);
        var market = fixture.NewMarket();
        await Eventually.True(() => user.Portfolio.Status.State == ConnectionState.Connected, "connected");
        await user.TradeAsync(market, "yes", "buy", 10, 0.50m);
        await user.TradeAsync(market, "yes", "sell", 4, 0.60m);
        await Eventually.True(() => user.Portfolio.GetPosition(market)?.Position == 6m && user.Portfolio.GetView().Summary.RealizedPnl == 0.40m, "6 YES held, 0.40 realized");

        try
        {
            // The flat market_position is never seen: the market leaves Kalshi's positions while the socket is down.
            fixture.Simulator.Faults.RefuseWebSockets(TimeSpan.FromMinutes(5));
            fixture.Simulator.DropWebSockets();
            await Eventually.True(() => user.Portfolio.Status.State != ConnectionState.Connected, "the socket dropped");
            fixture.Simulator.Exchange.Settle(market, ContractSide.Yes);
        }
        finally
        {
            fixture.Simulator.Faults.Clear();
        }

        await Eventually.True(() => user.Portfolio.GetPosition(market) is null && user.Portfolio.GetView().Summary.RealizedPnl == 3.40m,
            "the reconcile closed the position and booked the settlement's 3.40 (not 0.40 + 6.00 − 5.00 − 1.60 = −0.20)");
        await Eventually.True(() => user.Portfolio.Status.State == ConnectionState.Connected, "reconnected");
        await fixture.App.Streams.RefreshAsync(user.UserId);
        user.Portfolio.GetView().Summary.RealizedPnl.Should().Be(3.40m, "a later reconcile neither loses nor repeats it");
    }

    [Fact]
    public async Task The_references_two_fully_exited_markets_keep_kalshis_realized_pnl_through_settlement()
    {
        var user = await fixture.SignInAsync(balance: 1000m);
        var (soma, cred) = (fixture.NewMarket(), fixture.NewMarket());
        await using var feed = await user.OpenFeedAsync();
        await feed.NextAsync("snapshot");
        foreach (var (ticker, fills) in ExitedMarkets.Fills(soma, cred))
        {
            foreach (var fill in fills)
            {
                await user.TradeAsync(ticker, "yes", fill.Action, fill.Count, fill.Price);
            }
        }
        await Eventually.True(() => user.Portfolio.GetView().Summary.RealizedPnl == -80.42m - 73.07m && user.Portfolio.GetView().Summary.PositionCount == 0,
            "both markets exited at Kalshi's realized −80.42 and −73.07");
        var fees = user.Portfolio.GetView().Summary.FeesPaid;

        fixture.Simulator.Exchange.Settle(soma, ContractSide.No);
        fixture.Simulator.Exchange.Settle(cred, ContractSide.No);
        await fixture.App.Streams.RefreshAsync(user.UserId);

        var summary = user.Portfolio.GetView().Summary;
        (summary.RealizedPnl, summary.FeesPaid).Should().Be((-153.49m, fees), "the settlements (revenue 0) book the same figures, once");
        using var api = fixture.App.CreateBearerClient(user.Token);
        (await api.GetApiAsync(AccountApi.Portfolio)).Json.GetProperty("portfolio").Dec("realized_pnl_dollars").Should().Be(-153.49m);
    }
}

/// <summary>
/// Fills that reproduce the reference's two production markets (addendum §1.2) on the cent grid: SOMA bought 168 YES
/// for $97.08 and sold them for $16.66 (NO side $151.34); CRED bought 189 for $96.52 and sold them for $23.45
/// (NO side $165.55). The fees are the simulator's, not Kalshi's recorded ones.
/// </summary>
internal static class ExitedMarkets
{
    public static IEnumerable<(string Ticker, (string Action, int Count, decimal Price)[] Fills)> Fills(string soma, string cred) =>
    [
        (soma, [("buy", 132, 0.58m), ("buy", 36, 0.57m), ("sell", 154, 0.10m), ("sell", 14, 0.09m)]),
        (cred, [("buy", 176, 0.51m), ("buy", 13, 0.52m), ("sell", 77, 0.13m), ("sell", 112, 0.12m)]),
    ];
}
