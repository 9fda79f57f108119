using System.Net;
using System.Text.Json;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// Restarts: two factories in turn on the same data directory, against one simulator that outlives them (as Kalshi
/// does). Sessions, stored keys and revocations survive; positions are served from the cache, marked stale with their
/// age, until Kalshi answers, and then Kalshi's figures win.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RestartRecoveryTests : IAsyncLifetime
{
    private AccountSimulator _simulator = null!;
    private SimAccount _account = null!;
    private IReadOnlyList<string> _tickers = null!;
    private readonly string _dataDirectory = PortfolioAppFactory.NewDataDirectory();

    public async Task InitializeAsync()
    {
        _simulator = await AccountSimulator.StartAsync();
        _account = await _simulator.CreateAccountAsync(400m);
        _tickers = _simulator.Tickers(3);
        await _simulator.TradeAsync(_account, _tickers[0], "yes", "buy", 4, 0.30m);
        await _simulator.TradeAsync(_account, _tickers[1], "no", "buy", 2, 0.40m);
        await _simulator.SetQuoteAsync(_tickers[0], 0.35m, 0.38m);
        await _simulator.SetQuoteAsync(_tickers[1], 0.50m, 0.55m);
        await _simulator.SetQuoteAsync(_tickers[2], 0.20m, 0.22m);
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task After_a_restart_cached_positions_are_served_stale_with_their_age_until_kalshi_answers_then_kalshi_wins()
    {
        SignedIn session;
        Dictionary<string, JsonElement> served;
        await using (var before = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory))
        {
            session = await before.SignInAsync(_account);
            await WaitForCacheAsync(before, session.UserId, new() { [_tickers[0]] = 4, [_tickers[1]] = -2 });
            using var reader = before.CreateBearerClient(session.Token);
            served = Positions((await reader.GetApiAsync(AccountApi.Positions)).ShouldBeOk());
        }
        var cashBefore = await _simulator.GetCashAsync(_account);

        // While the app is down: more of one market, the other closed, a new one opened; then Kalshi goes down.
        await _simulator.TradeAsync(_account, _tickers[0], "yes", "buy", 2, 0.35m);
        await _simulator.TradeAsync(_account, _tickers[1], "no", "sell", 2, 0.45m);
        await _simulator.TradeAsync(_account, _tickers[2], "yes", "buy", 1, 0.22m);
        await _simulator.SetQuoteAsync(_tickers[0], 0.35m, 0.38m);
        await _simulator.SetQuoteAsync(_tickers[2], 0.20m, 0.22m);
        await _simulator.SetFaultsAsync(new { rest_failures = new { status = 503, count = 1_000_000 }, refuse_websockets_seconds = 600 });

        var logs = new CapturingLoggerProvider();
        await using var after = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory,
            settings: new Dictionary<string, string?>
            {
                // Kalshi back on REST while its socket still refuses: the degraded poll takes the snapshot at once.
                ["Streaming:FailuresBeforeDegraded"] = "1",
                ["Streaming:PollInterval"] = "00:00:00.100",
                ["Kalshi:CircuitBreakerBreakDuration"] = "00:00:00.500",
                ["Logging:LogLevel:KalshiPortfolio"] = "Information",
            },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = after.CreateBearerClient(session.Token);

        var cached = (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
        cached.Str("source").Should().Be("cache", "Kalshi has not answered since the restart");
        var cachedAt = cached.GetProperty("cached_at").GetDateTimeOffset();
        var asOf = cached.GetProperty("as_of").GetDateTimeOffset();
        cachedAt.Should().BeBefore(asOf);
        cached.GetProperty("cache_age_seconds").GetDouble().Should().BeApproximately((asOf - cachedAt).TotalSeconds, 0.01);
        var stale = Positions(cached);
        stale.Keys.Should().BeEquivalentTo([_tickers[0], _tickers[1]]);
        stale[_tickers[0]].Dec("position_fp").Should().Be(4);
        stale[_tickers[1]].Dec("position_fp").Should().Be(-2);
        stale.Values.Should().OnlyContain(p => p.GetProperty("stale").GetBoolean());
        stale[_tickers[0]].Dec("current_price_dollars").Should().Be(0.35m, "the cached quote values the cached position");
        foreach (var ticker in stale.Keys)
        {
            foreach (var field in new[] { "quantity", "position_fp", "cost_dollars", "avg_entry_price_dollars", "realized_pnl_dollars", "fees_paid_dollars", "yes_bid_dollars", "yes_ask_dollars", "market_value_dollars", "market_title" })
            {
                stale[ticker].GetProperty(field).GetString().Should().Be(served[ticker].GetProperty(field).GetString(),
                    "the cache gives back {0} of {1} exactly as it was served before the restart", field, ticker);
            }
        }
        var cachedPortfolio = (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk();
        cachedPortfolio.Str("source").Should().Be("cache");
        cachedPortfolio.GetProperty("portfolio").Dec("cash_dollars").Should().Be(cashBefore);

        await _simulator.SetFaultsAsync(new { rest_failures = new { status = 503, count = 0 } });

        var live = await Eventually.WaitAsync(
            async () => (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk(),
            body => body.Str("source") == "live",
            "Kalshi's snapshot to replace the cache");
        var kalshi = await _simulator.GetPositionsAsync(_account);
        kalshi.Select(p => p.Ticker).Should().BeEquivalentTo([_tickers[0], _tickers[2]]);
        var reconciled = Positions(live);
        reconciled.Keys.Should().BeEquivalentTo(kalshi.Select(p => p.Ticker));
        foreach (var expected in kalshi)
        {
            reconciled[expected.Ticker].Dec("position_fp").Should().Be(expected.Position);
            reconciled[expected.Ticker].Dec("cost_dollars").Should().Be(expected.Cost);
            reconciled[expected.Ticker].Dec("fees_paid_dollars").Should().Be(expected.FeesPaid);
            reconciled[expected.Ticker].GetProperty("stale").GetBoolean().Should().BeFalse();
        }
        live.GetProperty("cached_at").ValueKind.Should().Be(JsonValueKind.Null);
        live.GetProperty("cache_age_seconds").ValueKind.Should().Be(JsonValueKind.Null);
        var portfolio = (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk();
        portfolio.Str("source").Should().Be("live");
        portfolio.GetProperty("portfolio").Dec("cash_dollars").Should().Be(await _simulator.GetCashAsync(_account));
        logs.Lines.Should().Contain(l => l.Contains(session.UserId, StringComparison.Ordinal) && l.Contains("corrected", StringComparison.Ordinal),
            "the differences between the cache and Kalshi are logged");

        await WaitForCacheAsync(after, session.UserId, kalshi.ToDictionary(p => p.Ticker, p => p.Position));
        await _simulator.ClearFaultsAsync();
    }

    [Fact]
    public async Task A_plain_restart_reconciles_at_once_and_logs_what_kalshi_corrected_in_the_cache()
    {
        SignedIn session;
        await using (var before = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory))
        {
            session = await before.SignInAsync(_account);
            await WaitForCacheAsync(before, session.UserId, new() { [_tickers[0]] = 4, [_tickers[1]] = -2 });
        }
        await _simulator.TradeAsync(_account, _tickers[0], "yes", "buy", 2, 0.35m);

        var logs = new CapturingLoggerProvider();
        await using var after = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory,
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:KalshiPortfolio"] = "Information" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = after.CreateBearerClient(session.Token);

        var live = await Eventually.WaitAsync(
            async () => (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk(),
            body => body.Str("source") == "live",
            "the start-up snapshot to replace the cache");
        Positions(live)[_tickers[0]].Dec("position_fp").Should().Be(6, "Kalshi wins over the cache");
        await Eventually.True(
            () => logs.Lines.Any(l => l.Contains(session.UserId, StringComparison.Ordinal) && l.Contains("corrected", StringComparison.Ordinal)),
            "the difference between the cache and Kalshi to be logged");
    }

    [Fact]
    public async Task A_session_and_the_stored_key_survive_a_restart()
    {
        SignedIn session;
        await using (var before = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory))
        {
            session = await before.SignInAsync(_account);
        }
        await _simulator.TradeAsync(_account, _tickers[2], "no", "buy", 5, 0.78m);

        await using var after = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory);
        using var client = after.CreateBearerClient(session.Token);

        var live = await Eventually.WaitAsync(
            async () => (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk(),
            body => body.Str("source") == "live",
            "the resumed stream's snapshot");
        Positions(live)[_tickers[2]].Dec("position_fp").Should().Be(-5, "the stored key reads what Kalshi holds now");
        after.Streams.Find(session.UserId).Should().NotBeNull("the stored user's stream was resumed at start");
        (await ApiResponse.ReadAsync(await client.PostAsync(AccountApi.Refresh, null))).ShouldBeOk();
    }

    [Fact]
    public async Task Tokens_revoked_before_a_restart_are_still_refused_after_it()
    {
        string loggedOut, refreshedAway, sibling, kept;
        await using (var before = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory))
        {
            var other = await _simulator.CreateAccountAsync();
            loggedOut = (await before.SignInAsync(_account)).Token;
            sibling = (await before.SignInAsync(_account)).Token;
            var second = await before.SignInAsync(other);
            kept = second.Token;
            refreshedAway = (await before.SignInAsync(other)).Token;
            using (var client = before.CreateBearerClient(refreshedAway))
            {
                (await client.PostAsync(AccountApi.Refresh, null)).StatusCode.Should().Be(HttpStatusCode.OK);
            }
            using (var client = before.CreateBearerClient(loggedOut))
            {
                (await client.DeleteAsync(AccountApi.Logout)).StatusCode.Should().Be(HttpStatusCode.OK);
            }
        }

        await using var after = new PortfolioAppFactory(_simulator.BaseUri, _dataDirectory);

        using (var client = after.CreateBearerClient(loggedOut))
        {
            (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("unauthorized");
        }
        using (var client = after.CreateBearerClient(refreshedAway))
        {
            (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("unauthorized");
        }
        using (var client = after.CreateBearerClient(sibling))
        {
            (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out", "its user signed out");
        }
        using (var client = after.CreateBearerClient(kept))
        {
            (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
        }
    }

    [Fact]
    public async Task The_data_directory_is_created_on_first_run_owner_only_and_reused_after_a_restart()
    {
        var root = Path.Combine(PortfolioAppFactory.NewDataDirectory(), "nested", "data");
        Directory.Exists(root).Should().BeFalse();
        byte[] signingKey;
        string[] ring;
        await using (var first = new PortfolioAppFactory(_simulator.BaseUri, root))
        {
            using var client = first.CreateAnonymousClient();
            (await client.GetApiAsync("/healthz")).Status.Should().Be(HttpStatusCode.OK);

            Directory.Exists(root).Should().BeTrue();
            File.Exists(Path.Combine(root, "kalshiportfolio.db")).Should().BeTrue();
            File.Exists(Path.Combine(root, "session-signing.key")).Should().BeTrue("the signing key is made at start");
            Directory.Exists(Path.Combine(root, "keys")).Should().BeTrue();
            await first.SignInAsync(_account);
            signingKey = await File.ReadAllBytesAsync(Path.Combine(root, "session-signing.key"));
            ring = Directory.GetFiles(Path.Combine(root, "keys"));
            ring.Should().ContainSingle().Which.Should().EndWith(".xml");
            (await first.QueryDbAsync(db => db.Database.GetAppliedMigrationsAsync())).Should().NotBeEmpty();
        }

        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode directory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            const UnixFileMode file = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            File.GetUnixFileMode(root).Should().Be(directory);
            File.GetUnixFileMode(Path.Combine(root, "keys")).Should().Be(directory);
            foreach (var secret in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            {
                File.GetUnixFileMode(secret).Should().Be(file, "{0} is for its owner only", secret);
            }
        }

        await using var second = new PortfolioAppFactory(_simulator.BaseUri, root);
        using (var client = second.CreateAnonymousClient())
        {
            (await client.GetApiAsync("/healthz")).Status.Should().Be(HttpStatusCode.OK);
        }
        (await File.ReadAllBytesAsync(Path.Combine(root, "session-signing.key"))).Should().Equal(signingKey, "the key is made once");
        Directory.GetFiles(Path.Combine(root, "keys")).Should().BeEquivalentTo(ring, "the key ring is reused, not replaced");
    }

    private static Dictionary<string, JsonElement> Positions(JsonElement body) =>
        body.GetProperty("positions").EnumerateArray().ToDictionary(p => p.Str("ticker"));

    private static async Task WaitForCacheAsync(PortfolioAppFactory app, string userId, Dictionary<string, decimal> expected) =>
        await Eventually.WaitAsync(
            () => app.QueryDbAsync(db => db.PositionCache.AsNoTracking().Where(x => x.UserId == userId).ToDictionaryAsync(x => x.Ticker, x => x.Position)),
            rows => rows.Count == expected.Count && expected.All(e => rows.TryGetValue(e.Key, out var p) && p == e.Value),
            "the cache to hold " + string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}")));
}
