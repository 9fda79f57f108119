using System.Net;
using System.Text.Json;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Tests.Account;

/// <summary>Several users at once: each Kalshi key is its own user, and nobody sees anyone else's account.</summary>
[Trait("Category", "Integration")]
public sealed class UserIsolationTests : IAsyncLifetime
{
    private AccountSimulator _simulator = null!;
    private PortfolioAppFactory _app = null!;
    private SimAccount _alice = null!;
    private SimAccount _bob = null!;
    private IReadOnlyList<string> _tickers = null!;

    public async Task InitializeAsync()
    {
        _simulator = await AccountSimulator.StartAsync();
        _app = new PortfolioAppFactory(_simulator.BaseUri);
        _tickers = _simulator.Tickers(4);
        _alice = await _simulator.CreateAccountAsync(300m);
        _bob = await _simulator.CreateAccountAsync(700m);
        // One market in common, held on opposite sides, plus one of their own each.
        await _simulator.TradeAsync(_alice, _tickers[0], "yes", "buy", 6, 0.40m);
        await _simulator.TradeAsync(_alice, _tickers[1], "yes", "buy", 2, 0.70m);
        await _simulator.TradeAsync(_bob, _tickers[0], "no", "buy", 9, 0.55m);
        await _simulator.TradeAsync(_bob, _tickers[2], "no", "buy", 4, 0.20m);
        await _simulator.TradeAsync(_bob, _tickers[3], "yes", "buy", 1, 0.10m);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Two_users_signed_in_at_once_each_see_only_their_own_positions_and_portfolio()
    {
        var alice = await _app.SignInAsync(_alice);
        var bob = await _app.SignInAsync(_bob);
        using var asAlice = _app.CreateBearerClient(alice.Token);
        using var asBob = _app.CreateBearerClient(bob.Token);

        alice.UserId.Should().NotBe(bob.UserId);
        await ShouldSeeOnlyOwnAccountAsync(asAlice, _alice);
        await ShouldSeeOnlyOwnAccountAsync(asBob, _bob);

        var common = Positions(await asAlice.GetApiAsync(AccountApi.Positions))[_tickers[0]];
        common.Str("side").Should().Be("yes");
        common.Dec("quantity").Should().Be(6);
        var theirs = Positions(await asBob.GetApiAsync(AccountApi.Positions))[_tickers[0]];
        theirs.Str("side").Should().Be("no");
        theirs.Dec("quantity").Should().Be(9);
    }

    [Fact]
    public async Task A_trade_of_one_user_reaches_only_that_user()
    {
        var alice = await _app.SignInAsync(_alice);
        var bob = await _app.SignInAsync(_bob);
        using var asAlice = _app.CreateBearerClient(alice.Token);
        using var asBob = _app.CreateBearerClient(bob.Token);

        await _simulator.TradeAsync(_alice, _tickers[2], "yes", "buy", 3, 0.75m);
        // Both users' views are reconciled with Kalshi now (the socket may not have subscribed yet right after sign-in).
        await _app.Streams.RefreshAsync(alice.UserId);
        await _app.Streams.RefreshAsync(bob.UserId);

        Positions(await asAlice.GetApiAsync(AccountApi.Positions)).Should().ContainKey(_tickers[2]);
        await ShouldSeeOnlyOwnAccountAsync(asAlice, _alice);
        await ShouldSeeOnlyOwnAccountAsync(asBob, _bob);
        Positions(await asBob.GetApiAsync(AccountApi.Positions))[_tickers[2]].Str("side").Should().Be("no", "Bob still holds his own NO side");
    }

    [Fact]
    public async Task Each_users_sse_snapshot_and_cache_hold_only_their_own_positions()
    {
        var alice = await _app.SignInAsync(_alice);
        var bob = await _app.SignInAsync(_bob);

        var aliceSnapshot = await SseSnapshotAsync(alice.Token);
        var bobSnapshot = await SseSnapshotAsync(bob.Token);

        Tickers(aliceSnapshot.GetProperty("positions")).Should().BeEquivalentTo([_tickers[0], _tickers[1]]);
        Tickers(bobSnapshot.GetProperty("positions")).Should().BeEquivalentTo([_tickers[0], _tickers[2], _tickers[3]]);
        aliceSnapshot.GetProperty("portfolio").Dec("cash_dollars").Should().Be(await _simulator.GetCashAsync(_alice));
        bobSnapshot.GetProperty("portfolio").Dec("cash_dollars").Should().Be(await _simulator.GetCashAsync(_bob));

        await Eventually.WaitAsync(
            () => _app.QueryDbAsync(db => db.PositionCache.CountAsync()),
            n => n == 5,
            "both users' positions to reach the cache");
        var cached = await _app.QueryDbAsync(db => db.PositionCache.AsNoTracking().Select(x => new { x.UserId, x.Ticker, x.Position }).ToListAsync());
        cached.Where(x => x.UserId == alice.UserId).Select(x => x.Ticker).Should().BeEquivalentTo([_tickers[0], _tickers[1]]);
        cached.Where(x => x.UserId == bob.UserId).Select(x => x.Ticker).Should().BeEquivalentTo([_tickers[0], _tickers[2], _tickers[3]]);
        cached.Single(x => x.UserId == bob.UserId && x.Ticker == _tickers[0]).Position.Should().Be(-9);
    }

    [Fact]
    public async Task One_user_signing_out_leaves_the_other_signed_in()
    {
        var alice = await _app.SignInAsync(_alice);
        var bob = await _app.SignInAsync(_bob);
        using var asAlice = _app.CreateBearerClient(alice.Token);
        using var asBob = _app.CreateBearerClient(bob.Token);

        (await asAlice.DeleteAsync(AccountApi.Logout)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await asAlice.GetApiAsync(AccountApi.Positions)).Status.Should().Be(HttpStatusCode.Unauthorized);
        await ShouldSeeOnlyOwnAccountAsync(asBob, _bob);
        _app.Streams.Find(bob.UserId).Should().NotBeNull();
        (await _app.QueryDbAsync(db => db.UserCredentials.CountAsync(x => x.UserId == bob.UserId))).Should().Be(1);
    }

    private async Task ShouldSeeOnlyOwnAccountAsync(HttpClient client, SimAccount account)
    {
        var kalshi = await _simulator.GetPositionsAsync(account);
        var positions = Positions(await client.GetApiAsync(AccountApi.Positions));
        positions.Keys.Should().BeEquivalentTo(kalshi.Select(p => p.Ticker));
        foreach (var expected in kalshi)
        {
            positions[expected.Ticker].Dec("position_fp").Should().Be(expected.Position);
            positions[expected.Ticker].Dec("cost_dollars").Should().Be(expected.Cost);
        }
        var portfolio = (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk().GetProperty("portfolio");
        portfolio.Dec("cash_dollars").Should().Be(await _simulator.GetCashAsync(account));
        portfolio.GetProperty("position_count").GetInt32().Should().Be(kalshi.Count);
    }

    private async Task<JsonElement> SseSnapshotAsync(string token)
    {
        using var client = _app.CreateAnonymousClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync($"{AccountApi.Sse}?token={Uri.EscapeDataString(token)}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line["data:".Length..]);
                document.RootElement.Str("type").Should().Be("snapshot");
                return document.RootElement.Clone();
            }
        }
        throw new InvalidOperationException("The SSE stream ended before its snapshot.");
    }

    private static Dictionary<string, JsonElement> Positions(ApiResponse response) =>
        response.ShouldBeOk().GetProperty("positions").EnumerateArray().ToDictionary(p => p.Str("ticker"));

    private static IEnumerable<string> Tickers(JsonElement positions) => positions.EnumerateArray().Select(p => p.Str("ticker"));
}
