using System.Globalization;
using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Web.Components.Formatting;

/// <summary>Ages and times of day as the screen shows them.</summary>
public static class TimeText
{
    private static readonly TimeZoneInfo Eastern = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>
    /// Why a position is marked stale, with the age of its figures: from the cache after a restart, or a price
    /// Kalshi has not confirmed for longer than the stale threshold.
    /// </summary>
    public static string StaleNote(PositionState position, DateTimeOffset now) =>
        $"Not confirmed by Kalshi for {Age(now - (position.Quote?.ReceivedAt ?? position.UpdatedAt))} — waiting for Kalshi";

    /// <summary>A short age: <c>4s</c>, <c>3m 12s</c>, <c>2h 5m</c>, <c>3d 4h</c>. Negative ages are <c>0s</c>.</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age switch
        {
            { TotalMinutes: < 1 } => $"{(int)age.TotalSeconds}s",
            { TotalHours: < 1 } => age.Seconds == 0 ? $"{age.Minutes}m" : $"{age.Minutes}m {age.Seconds}s",
            { TotalDays: < 1 } => age.Minutes == 0 ? $"{age.Hours}h" : $"{age.Hours}h {age.Minutes}m",
            _ => age.Hours == 0 ? $"{(int)age.TotalDays}d" : $"{(int)age.TotalDays}d {age.Hours}h",
        };
    }

    /// <summary>How long ago an instant was, from <paramref name="now"/>: <c>12s ago</c>; a missing instant is <c>never</c>.</summary>
    public static string Ago(DateTimeOffset? instant, DateTimeOffset now) =>
        instant is { } at ? Age(now - at) + " ago" : "never";

    /// <summary>A time of day in the exchange's time zone (Kalshi keeps New York hours): <c>14:03:12 ET</c>.</summary>
    public static string ExchangeTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Eastern).ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " ET";

    /// <summary>A day in the exchange's time zone: <c>Jun 20</c>.</summary>
    public static string ExchangeDate(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Eastern).ToString("MMM d", CultureInfo.InvariantCulture);

    /// <summary>A day and time in the exchange's time zone: <c>Jun 20, 14:00 ET</c>.</summary>
    public static string ExchangeDateTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Eastern).ToString("MMM d, HH:mm", CultureInfo.InvariantCulture) + " ET";
}
