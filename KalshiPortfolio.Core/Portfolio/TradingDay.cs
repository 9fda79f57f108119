namespace KalshiPortfolio.Core.Portfolio;

/// <summary>Kalshi's trading day: the calendar day in America/New_York, where the exchange keeps its hours.</summary>
public static class TradingDay
{
    private static readonly TimeZoneInfo Eastern = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>The trading day an instant belongs to.</summary>
    public static DateOnly Of(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Eastern).DateTime);

    /// <summary>The instant (UTC) the given trading day starts: midnight in New York.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, Eastern.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
