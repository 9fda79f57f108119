using System.Net;
using System.Text.Json;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// Sign in → positions → portfolio, against the simulator over loopback: what the API serves is exactly Kalshi's
/// (the simulator's) state, valued at its quotes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AccountFlowTests : IAsyncLifetime
{
    private AccountSimulator _simulator = null!;
    private PortfolioAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await AccountSimulator.StartAsync();
        _app = new PortfolioAppFactory(_simulator.BaseUri);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Signing_in_with_the_demo_key_serves_the_simulators_positions_live()
    {
        var demo = _simulator.Demo;
        var session = await _app.SignInAsync(demo);
        using var client = _app.CreateBearerClient(session.Token);

        var body = (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
        var portfolio = (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk().GetProperty("portfolio");

        body.Str("source").Should().Be("live");
        var expected = await _simulator.GetPositionsAsync(demo);
        expected.Should().HaveCount(_simulator.Host.Options.DemoPositions);
        var positions = body.GetProperty("positions").EnumerateArray().ToList();
        positions.Select(p => p.Str("ticker")).Should().BeEquivalentTo(expected.Select(p => p.Ticker));
        foreach (var kalshi in expected)
        {
            var position = positions.Single(p => p.Str("ticker") == kalshi.Ticker);
            ShouldMatch(position, kalshi, ExpectedMark(kalshi));
        }

        var cash = await _simulator.GetCashAsync(demo);
        var marketValue = positions.Sum(p => p.Dec("market_value_dollars"));
        portfolio.Dec("cash_dollars").Should().Be(cash);
        portfolio.Dec("market_value_dollars").Should().Be(marketValue);
        portfolio.Dec("total_value_dollars").Should().Be(cash + marketValue);
        portfolio.Dec("unrealized_pnl_dollars").Should().Be(positions.Sum(p => p.Dec("unrealized_pnl_dollars")));
        portfolio.Dec("realized_pnl_dollars").Should().Be(expected.Sum(p => p.RealizedPnl));
        portfolio.Dec("fees_paid_dollars").Should().Be(expected.Sum(p => p.FeesPaid));
        portfolio.GetProperty("position_count").GetInt32().Should().Be(expected.Count);
    }

    [Fact]
    public async Task Positions_and_portfolio_of_a_new_account_are_valued_exactly_at_the_simulators_quotes()
    {
        var account = await _simulator.CreateAccountAsync(500m);
        var (yes, no, partly) = Three(_simulator.Tickers(3));
        await _simulator.TradeAsync(account, yes, "yes", "buy", 10, 0.40m);
        await _simulator.TradeAsync(account, no, "no", "buy", 5, 0.30m);
        await _simulator.TradeAsync(account, partly, "yes", "buy", 8, 0.55m);
        await _simulator.TradeAsync(account, partly, "yes", "sell", 3, 0.60m);
        await _simulator.SetQuoteAsync(yes, 0.45m, 0.48m);
        await _simulator.SetQuoteAsync(no, 0.60m, 0.66m);
        await _simulator.SetQuoteAsync(partly, 0.50m, 0.53m);

        var session = await _app.SignInAsync(account);
        using var client = _app.CreateBearerClient(session.Token);
        var body = (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
        var portfolio = (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk();

        body.Str("source").Should().Be("live");
        body.GetProperty("as_of").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        var positions = body.GetProperty("positions").EnumerateArray().ToDictionary(p => p.Str("ticker"));
        positions.Keys.Should().BeEquivalentTo([yes, no, partly]);

        // Worked by hand: cost = contracts × price paid; the mark is what the held side fetches now (liquidation).
        Position(positions[yes], "yes", 10, cost: 4.00m, mark: 0.45m, realized: 0m);
        Position(positions[no], "no", 5, cost: 1.50m, mark: 1m - 0.66m, realized: 0m);
        // 8 bought at 0.55, 3 sold at 0.60: realized 3 × 0.05, the 5 left cost 5 × 0.55.
        Position(positions[partly], "yes", 5, cost: 2.75m, mark: 0.50m, realized: 0.15m);

        var kalshi = await _simulator.GetPositionsAsync(account);
        foreach (var expected in kalshi)
        {
            positions[expected.Ticker].Dec("fees_paid_dollars").Should().Be(expected.FeesPaid);
            positions[expected.Ticker].Dec("cost_dollars").Should().Be(expected.Cost);
        }

        var cash = await _simulator.GetCashAsync(account);
        var fees = kalshi.Sum(p => p.FeesPaid);
        cash.Should().Be(500m - 4.00m - 1.50m - 4.40m + 1.80m - fees, "the simulator's cash is what was paid and received, less fees");
        var totals = portfolio.GetProperty("portfolio");
        const decimal marketValue = 10 * 0.45m + 5 * 0.34m + 5 * 0.50m;
        const decimal cost = 4.00m + 1.50m + 2.75m;
        totals.Dec("cash_dollars").Should().Be(cash);
        totals.Dec("market_value_dollars").Should().Be(marketValue);
        totals.Dec("total_value_dollars").Should().Be(cash + marketValue);
        totals.Dec("cost_basis_dollars").Should().Be(cost);
        totals.Dec("unrealized_pnl_dollars").Should().Be(marketValue - cost);
        totals.Dec("unrealized_pnl_percent").Should().Be(Math.Round((marketValue - cost) / cost * 100m, 4, MidpointRounding.AwayFromZero));
        totals.Dec("realized_pnl_dollars").Should().Be(0.15m);
        totals.Dec("fees_paid_dollars").Should().Be(fees);
        totals.Dec("today_pnl_dollars").Should().Be(0m, "the baseline was taken at sign-in, and nothing moved since");
        totals.GetProperty("position_count").GetInt32().Should().Be(3);
        totals.GetProperty("as_of").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        portfolio.Str("source").Should().Be("live");
    }

    [Fact]
    public async Task A_moved_quote_reaches_the_positions_live()
    {
        var account = await _simulator.CreateAccountAsync();
        var ticker = _simulator.Tickers(1)[0];
        await _simulator.TradeAsync(account, ticker, "yes", "buy", 4, 0.30m);
        await _simulator.SetQuoteAsync(ticker, 0.31m, 0.35m);
        var session = await _app.SignInAsync(account);
        using var client = _app.CreateBearerClient(session.Token);

        // The quote is published again on every try: the app's ticker subscription may not be acknowledged yet
        // right after sign-in, and Kalshi sends no initial ticker snapshot (a move before it would be missed).
        var position = await Eventually.WaitAsync(
            async () =>
            {
                await _simulator.SetQuoteAsync(ticker, 0.42m, 0.44m);
                return (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk().GetProperty("positions")[0];
            },
            p => p.Dec("current_price_dollars") == 0.42m,
            "the new bid to reach the position");
        position.Dec("market_value_dollars").Should().Be(4 * 0.42m);
        position.Dec("unrealized_pnl_dollars").Should().Be(4 * 0.42m - 1.20m);
        position.GetProperty("stale").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Sign_in_answers_the_token_in_the_body_and_in_an_HttpOnly_SameSite_Strict_cookie()
    {
        var account = await _simulator.CreateAccountAsync();
        using var client = _app.CreateAnonymousClient();

        var response = await client.PostAuthenticateAsync(new { key_id = account.KeyId, private_key = account.PrivateKeyPem, environment = "simulator" });

        var body = response.ShouldBeOk();
        body.EnumerateObject().Select(p => p.Name).Should().Contain(["status", "user_id", "session_expires_at", "token"]);
        body.Str("status").Should().Be("authenticated");
        body.Str("user_id").Should().StartWith("u_");
        var expires = body.GetProperty("session_expires_at").GetDateTimeOffset();
        expires.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(24), TimeSpan.FromMinutes(2));
        var token = body.Str("token");
        token.Split('.').Should().HaveCount(3, "the token is a signed JWT");

        var cookie = response.Message.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kp_session=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Select(a => a.Trim()).ToList();
        attributes[0].Should().Be("kp_session=" + token);
        attributes.Should().Contain(a => a.Equals("httponly", StringComparison.OrdinalIgnoreCase));
        attributes.Should().Contain(a => a.Equals("samesite=strict", StringComparison.OrdinalIgnoreCase));
        attributes.Should().Contain(a => a.Equals("path=/", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_user_id_is_the_same_for_the_same_key_and_differs_between_keys()
    {
        var first = await _simulator.CreateAccountAsync();
        var second = await _simulator.CreateAccountAsync();

        var a1 = await _app.SignInAsync(first);
        var a2 = await _app.SignInAsync(first);
        var b = await _app.SignInAsync(second);

        a2.UserId.Should().Be(a1.UserId);
        a2.Token.Should().NotBe(a1.Token, "every sign-in is a session of its own");
        b.UserId.Should().NotBe(a1.UserId);
        a1.UserId.Should().NotContain(first.KeyId).And.NotContain(first.KeyId.Replace("-", "", StringComparison.Ordinal));

        // Both sessions of the same user see the same, single live portfolio.
        using var c1 = _app.CreateBearerClient(a1.Token);
        using var c2 = _app.CreateBearerClient(a2.Token);
        (await c1.GetApiAsync(AccountApi.Positions)).Status.Should().Be(HttpStatusCode.OK);
        (await c2.GetApiAsync(AccountApi.Positions)).Status.Should().Be(HttpStatusCode.OK);
        _app.Streams.Count.Should().Be(2);
    }

    [Fact]
    public async Task Refresh_exchanges_the_token_for_a_new_one_and_revokes_the_old()
    {
        var account = await _simulator.CreateAccountAsync();
        var session = await _app.SignInAsync(account);
        using var client = _app.CreateBearerClient(session.Token);

        var response = await client.PostAsync(AccountApi.Refresh, null);
        var refreshed = (await ApiResponse.ReadAsync(response)).ShouldBeOk();

        refreshed.Str("status").Should().Be("refreshed");
        refreshed.Str("user_id").Should().Be(session.UserId);
        var token = refreshed.Str("token");
        token.Should().NotBe(session.Token);
        (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized);
        using var renewed = _app.CreateBearerClient(token);
        (await renewed.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
    }

    private static void Position(JsonElement p, string side, decimal quantity, decimal cost, decimal mark, decimal realized)
    {
        p.Str("side").Should().Be(side);
        p.Dec("quantity").Should().Be(quantity);
        p.Dec("cost_dollars").Should().Be(cost);
        p.Dec("avg_entry_price_dollars").Should().Be(Math.Round(cost / quantity, 6));
        p.Dec("current_price_dollars").Should().Be(mark);
        p.Dec("market_value_dollars").Should().Be(quantity * mark);
        p.Dec("unrealized_pnl_dollars").Should().Be(quantity * mark - cost);
        p.Dec("unrealized_pnl_percent").Should().Be(Math.Round((quantity * mark - cost) / cost * 100m, 4, MidpointRounding.AwayFromZero));
        p.Dec("realized_pnl_dollars").Should().Be(realized);
        p.Str("market_title").Should().NotBeNullOrWhiteSpace();
        p.GetProperty("updated_at").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UnixEpoch);
        p.GetProperty("stale").GetBoolean().Should().BeFalse();
    }

    private static void ShouldMatch(JsonElement position, SimPosition kalshi, decimal? mark)
    {
        var quantity = Math.Abs(kalshi.Position);
        position.Str("side").Should().Be(kalshi.Position > 0 ? "yes" : "no");
        position.Dec("quantity").Should().Be(quantity);
        position.Dec("cost_dollars").Should().Be(kalshi.Cost);
        position.Dec("avg_entry_price_dollars").Should().Be(Math.Round(kalshi.Cost / quantity, 6, MidpointRounding.AwayFromZero));
        position.Dec("realized_pnl_dollars").Should().Be(kalshi.RealizedPnl);
        position.Dec("fees_paid_dollars").Should().Be(kalshi.FeesPaid);
        position.DecOrNull("current_price_dollars").Should().Be(mark);
        if (mark is { } m)
        {
            position.Dec("market_value_dollars").Should().Be(quantity * m);
            position.Dec("unrealized_pnl_dollars").Should().Be(quantity * m - kalshi.Cost);
        }
        position.GetProperty("stale").GetBoolean().Should().BeFalse();
    }

    // Liquidation: YES at the YES bid, NO at 1 − YES ask; an empty side falls back to the last trade.
    private decimal? ExpectedMark(SimPosition kalshi)
    {
        var market = _simulator.Host.Exchange.GetMarket(kalshi.Ticker);
        decimal? last = market.LastPrice is > 0m and < 1m ? market.LastPrice : null;
        return kalshi.Position > 0
            ? market.Quote.HasBid ? market.Quote.YesBid : last
            : market.Quote.HasAsk ? 1m - market.Quote.YesAsk : 1m - last;
    }

    private static (string, string, string) Three(IReadOnlyList<string> tickers) => (tickers[0], tickers[1], tickers[2]);
}
