namespace KalshiPortfolio.Bench.Soak;

/// <summary>Count, median, 99th percentile and maximum of a set of durations in seconds (nearest rank); null figures when empty.</summary>
public sealed record DurationSummary(int Count, double? P50, double? P99, double? Max)
{
    public static DurationSummary Of(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        if (sorted.Count == 0)
        {
            return new DurationSummary(0, null, null, null);
        }
        return new DurationSummary(sorted.Count, Round(Percentile(sorted, 50)), Round(Percentile(sorted, 99)), Round(sorted[^1]));
    }

    /// <summary>The nearest-rank percentile (0–100) of ascending values: the smallest value with at least p % of the values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }
        var rank = Math.Max(1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count));
        return sorted[rank - 1];
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);
}
