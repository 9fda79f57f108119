using System.Globalization;

namespace KalshiPortfolio.Simulator.Json;

/// <summary>Kalshi's time formats: RFC3339 UTC with up to microseconds and trailing zeros trimmed (Go's RFC3339Nano), Unix seconds, Unix ms.</summary>
internal static class WireTime
{
    /// <summary>e.g. <c>2026-06-11T06:29:30.165032Z</c>, or <c>2026-06-25T16:00:00Z</c> on a whole second.</summary>
    public static string Rfc3339(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        utc = new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc); // microseconds, as Kalshi
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    public static long UnixSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static long UnixMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
