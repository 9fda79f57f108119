using KalshiPortfolio.Tests.TestSupport;
using KalshiPortfolio.Web.Data.Entities;
using KalshiPortfolio.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// Today's P&amp;L is the total value now minus the total value at the first sight of the user on Kalshi's trading day
/// (America/New_York), a baseline persisted in <c>daily_baselines</c> that a restart keeps.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DailyBaselineTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private AccountSimulator _simulator = null!;
    private SimAccount _account = null!;
    private string _ticker = null!;

    public async Task InitializeAsync()
    {
        _simulator = await AccountSimulator.StartAsync();
        await SetUpAccountAsync();
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Todays_pnl_runs_from_the_baseline_recorded_at_first_sight_and_a_restart_keeps_it()
    {
        var dataDirectory = PortfolioAppFactory.NewDataDirectory();
        SignedIn session;
        DailyBaseline baseline;
        await using (var before = new PortfolioAppFactory(_simulator.BaseUri, dataDirectory))
        {
            session = await before.SignInAsync(_account);
            using var client = before.CreateBearerClient(session.Token);
            var atSignIn = (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk().GetProperty("portfolio");

            baseline = await before.QueryDbAsync(db => db.DailyBaselines.AsNoTracking().SingleAsync(x => x.UserId == session.UserId));
            baseline.TradingDay.Should().Be(NewYorkDay(DateTimeOffset.UtcNow));
            var cash = await _simulator.GetCashAsync(_account);
            baseline.TotalValue.Should().Be(cash + 10 * 0.45m, "the baseline is the total value (cash + positions) at first sight");
            atSignIn.Dec("total_value_dollars").Should().Be(baseline.TotalValue);
            atSignIn.Dec("today_pnl_dollars").Should().Be(0m);

            var moved = await MoveQuoteAsync(client, 0.50m, 0.52m);

            moved.Dec("total_value_dollars").Should().Be(cash + 10 * 0.50m);
            moved.Dec("today_pnl_dollars").Should().Be(moved.Dec("total_value_dollars") - baseline.TotalValue).And.Be(0.50m);
            moved.Dec("today_pnl_percent").Should().Be(Math.Round(0.50m / baseline.TotalValue * 100m, 4, MidpointRounding.AwayFromZero));
        }

        await using var after = new PortfolioAppFactory(_simulator.BaseUri, dataDirectory);
        using var resumed = after.CreateBearerClient(session.Token);
        var portfolio = await Eventually.WaitAsync(
            async () => (await resumed.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk(),
            body => body.Str("source") == "live",
            "the resumed stream's snapshot");

        var kept = await after.QueryDbAsync(db => db.DailyBaselines.AsNoTracking().Where(x => x.UserId == session.UserId).ToListAsync());
        kept.Should().ContainSingle().Which.Should().BeEquivalentTo(baseline, "a restart on the same day keeps the day's baseline");
        var totals = portfolio.GetProperty("portfolio");
        totals.Dec("today_pnl_dollars").Should().Be(totals.Dec("total_value_dollars") - baseline.TotalValue).And.Be(0.50m);
    }

    [Fact]
    public async Task A_baseline_already_recorded_today_is_used_and_one_from_yesterday_is_not()
    {
        var dataDirectory = PortfolioAppFactory.NewDataDirectory();
        await using var app = new PortfolioAppFactory(_simulator.BaseUri, dataDirectory);
        var userId = UserIds.For("simulator", _account.KeyId);
        var today = NewYorkDay(DateTimeOffset.UtcNow);
        await app.QueryDbAsync(async db =>
        {
            db.DailyBaselines.Add(new DailyBaseline { UserId = userId, TradingDay = today, TotalValue = 900m, RecordedAtUtc = DateTime.UtcNow.AddHours(-1) });
            db.DailyBaselines.Add(new DailyBaseline { UserId = userId, TradingDay = today.AddDays(-1), TotalValue = 5m, RecordedAtUtc = DateTime.UtcNow.AddDays(-1) });
            return await db.SaveChangesAsync();
        });

        var session = await app.SignInAsync(_account);
        using var client = app.CreateBearerClient(session.Token);
        var portfolio = (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk().GetProperty("portfolio");

        session.UserId.Should().Be(userId);
        portfolio.Dec("today_pnl_dollars").Should().Be(portfolio.Dec("total_value_dollars") - 900m);
        portfolio.Dec("today_pnl_percent").Should().Be(Math.Round((portfolio.Dec("total_value_dollars") - 900m) / 900m * 100m, 4, MidpointRounding.AwayFromZero));
        (await app.QueryDbAsync(db => db.DailyBaselines.CountAsync(x => x.UserId == userId))).Should().Be(2, "the stored baseline stands");
    }

    [Fact]
    public async Task A_new_trading_day_in_new_york_starts_from_a_new_baseline()
    {
        // Just before midnight in New York, on a clock shared by the app and the simulator.
        var now = DateTimeOffset.UtcNow;
        var nyNow = TimeZoneInfo.ConvertTime(now, NewYork);
        var nearMidnight = new DateTimeOffset(nyNow.Date.AddDays(1).AddMinutes(-1), nyNow.Offset).ToUniversalTime();
        var clock = new FakeTimeProvider(nearMidnight);
        await _simulator.DisposeAsync();
        _simulator = await AccountSimulator.StartAsync(time: clock); // disposed by DisposeAsync
        await SetUpAccountAsync();
        await using var app = new PortfolioAppFactory(_simulator.BaseUri, services: s => s.AddSingleton<TimeProvider>(clock));
        var session = await app.SignInAsync(_account);
        using var client = app.CreateBearerClient(session.Token);
        var yesterday = NewYorkDay(nearMidnight);
        (await app.QueryDbAsync(db => db.DailyBaselines.SingleAsync(x => x.UserId == session.UserId))).TradingDay.Should().Be(yesterday);
        await MoveQuoteAsync(client, 0.50m, 0.52m);
        (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk().GetProperty("portfolio").Dec("today_pnl_dollars").Should().Be(0.50m);

        clock.Advance(TimeSpan.FromMinutes(2)); // 00:01 in New York: the next trading day

        var rows = await Eventually.WaitAsync(
            () => app.QueryDbAsync(db => db.DailyBaselines.AsNoTracking().Where(x => x.UserId == session.UserId).OrderBy(x => x.TradingDay).ToListAsync()),
            r => r.Count == 2,
            "the new day's baseline",
            betweenTries: () => clock.Advance(TimeSpan.FromSeconds(1)));
        rows[1].TradingDay.Should().Be(yesterday.AddDays(1));
        var portfolio = await Eventually.WaitAsync(
            async () => (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk().GetProperty("portfolio"),
            p => p.Dec("today_pnl_dollars") == 0m,
            "today's P&L to start again from the new baseline");
        rows[1].TotalValue.Should().Be(portfolio.Dec("total_value_dollars"));
        rows[0].TotalValue.Should().Be(rows[1].TotalValue - 0.50m, "yesterday's baseline stays as it was");
    }

    private async Task SetUpAccountAsync()
    {
        _account = await _simulator.CreateAccountAsync(250m);
        _ticker = _simulator.Tickers(1)[0];
        await _simulator.TradeAsync(_account, _ticker, "yes", "buy", 10, 0.40m);
        await _simulator.SetQuoteAsync(_ticker, 0.45m, 0.48m);
    }

    // Publishes the quote until the app shows it (its ticker subscription may not be acknowledged yet after sign-in).
    private async Task<System.Text.Json.JsonElement> MoveQuoteAsync(HttpClient client, decimal bid, decimal ask) =>
        await Eventually.WaitAsync(
            async () =>
            {
                await _simulator.SetQuoteAsync(_ticker, bid, ask);
                return (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk().GetProperty("portfolio");
            },
            p => p.Dec("market_value_dollars") == 10 * bid,
            "the moved quote to reach the portfolio");

    private static DateOnly NewYorkDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, NewYork).DateTime);
}
