namespace KalshiPortfolio.Core.Portfolio;

/// <summary>Today's P&amp;L: the change in total value (cash + market value) since the start-of-day baseline. The
/// percentage is null without a baseline value or when it cannot be represented (a tiny baseline).</summary>
public sealed record TodayPnl(decimal Dollars, decimal? Percent)
{
    /// <summary>No baseline yet: today starts now, at zero.</summary>
    public static TodayPnl Zero { get; } = new(0m, 0m);

    public static TodayPnl From(PortfolioSummary summary, decimal baselineTotalValue)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var dollars = summary.TotalValue - baselineTotalValue;
        return new TodayPnl(dollars, SafeDecimal.Percent(dollars, baselineTotalValue));
    }
}
