using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

[Trait("Category", "Unit")]
public sealed class UserPortfolioTests
{
    // 15:00 UTC = 10:00 in New York (EST): trading day 2026-11-24.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static CachedPortfolio Cached(StoredBaseline? baseline) => new(
        [new CachedPositionState(
            new PositionUpdate { Ticker = "A", Position = 10m, Cost = 4.00m, UpdatedAt = Now.AddMinutes(-5) },
            MarketQuote.Create("A", 0.45m, 0.47m, null, Now.AddMinutes(-5)),
            Now.AddMinutes(-5))],
        Cash: 96.00m,
        CashUpdatedAt: Now.AddMinutes(-5),
        LatestBaseline: baseline);

    [Fact]
    public void Todays_pnl_is_right_from_the_cached_view_when_todays_baseline_is_stored()
    {
        var portfolio = new UserPortfolio("u", new StreamingOptions(), new FakeTimeProvider(Now));

        portfolio.RestoreFromCache(Cached(new StoredBaseline(Today, 99.00m)));

        var view = portfolio.GetView();
        view.Summary.TotalValue.Should().Be(100.50m, "96.00 cash + 10 × 0.45");
        view.Today.Dollars.Should().Be(1.50m);
        portfolio.IsLive.Should().BeFalse();
        portfolio.GetPositions().Should().ContainSingle().Which.IsStale.Should().BeTrue();
    }

    [Fact]
    public void An_older_days_baseline_is_not_todays()
    {
        var portfolio = new UserPortfolio("u", new StreamingOptions(), new FakeTimeProvider(Now));

        portfolio.RestoreFromCache(Cached(new StoredBaseline(Today.AddDays(-1), 50.00m)));

        portfolio.GetView().Today.Should().Be(TodayPnl.Zero);
        portfolio.BaselineDay.Should().Be(Today.AddDays(-1), "so the upstream records today's once Kalshi answers");
    }
}
