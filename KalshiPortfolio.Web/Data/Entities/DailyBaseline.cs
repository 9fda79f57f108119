namespace KalshiPortfolio.Web.Data.Entities;

/// <summary>
/// A user's total value (cash + market value) at the start of a Kalshi trading day (America/New_York), from
/// which today's P&amp;L is measured (table <c>daily_baselines</c>).
/// </summary>
public sealed class DailyBaseline
{
    public required string UserId { get; set; }
    public DateOnly TradingDay { get; set; }
    public decimal TotalValue { get; set; }
    public DateTime RecordedAtUtc { get; set; }
}
