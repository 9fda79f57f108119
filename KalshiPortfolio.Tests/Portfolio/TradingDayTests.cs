using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Tests.Portfolio;

[Trait("Category", "Unit")]
public sealed class TradingDayTests
{
    [Fact]
    public void An_evening_in_new_york_belongs_to_that_days_trading_day_though_it_is_tomorrow_in_utc()
    {
        var utc = new DateTimeOffset(2026, 11, 24, 3, 30, 0, TimeSpan.Zero); // 22:30 on the 23rd in New York (EST)

        TradingDay.Of(utc).Should().Be(new DateOnly(2026, 11, 23));
    }

    [Theory]
    [InlineData(2026, 1, 15, 5)] // EST: midnight is 05:00 UTC
    [InlineData(2026, 7, 15, 4)] // EDT: midnight is 04:00 UTC
    public void A_trading_day_starts_at_midnight_new_york_time(int year, int month, int day, int utcHour)
    {
        var start = TradingDay.StartOf(new DateOnly(year, month, day));

        start.Should().Be(new DateTimeOffset(year, month, day, utcHour, 0, 0, TimeSpan.Zero));
        TradingDay.Of(start).Should().Be(new DateOnly(year, month, day));
        TradingDay.Of(start.AddTicks(-1)).Should().Be(new DateOnly(year, month, day).AddDays(-1));
    }

    [Fact]
    public void Todays_pnl_is_the_change_in_total_value_since_the_baseline()
    {
        var summary = new PortfolioSummary
        {
            Cash = 90m, MarketValue = 12.5m, CostBasis = 10m, UnrealizedPnl = 2.5m, UnrealizedPnlPercent = 25m,
            RealizedPnl = 0m, FeesPaid = 0m, PositionCount = 1, UnmarkedCount = 0, AsOf = DateTimeOffset.UnixEpoch,
        };

        var today = TodayPnl.From(summary, baselineTotalValue: 100m);

        today.Dollars.Should().Be(2.5m);
        today.Percent.Should().Be(2.5m);
        TodayPnl.From(summary, 0m).Percent.Should().BeNull();
    }
}
