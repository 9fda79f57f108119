using System.Numerics;

namespace KalshiPortfolio.Bench.Latency;

/// <summary>
/// A log-linear histogram of latencies in microseconds (the HdrHistogram layout with 128 sub-buckets): exact below
/// 128 µs, then buckets whose width is at most 1/64 of their lower bound, so a reported percentile (the bucket's
/// midpoint, clamped to the exact min and max) is within 0.8 % of the true sample. Not thread-safe: one per recorder,
/// merged at the end. Percentiles use the nearest-rank definition.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 128;
    private const int HalfSubBuckets = SubBuckets / 2;
    private const int SubBucketBits = 7; // log2(SubBuckets)

    /// <summary>The largest value kept exactly in range (about 38 hours); larger values are clamped to it.</summary>
    public const long MaxValue = (1L << 37) - 1;

    private readonly long[] _counts = new long[IndexOf(MaxValue) + 1];
    private long _min = long.MaxValue;

    public long Count { get; private set; }

    /// <summary>The smallest value recorded (exact), or 0 when empty.</summary>
    public long Min => Count == 0 ? 0 : _min;

    /// <summary>The largest value recorded (exact), or 0 when empty.</summary>
    public long Max { get; private set; }

    public double Sum { get; private set; }

    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>Records one latency in microseconds (negative values count as 0).</summary>
    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, MaxValue);
        _counts[IndexOf(value)]++;
        Count++;
        Sum += value;
        if (value < _min)
        {
            _min = value;
        }
        if (value > Max)
        {
            Max = value;
        }
    }

    /// <summary>Records the time from <paramref name="startTimestamp"/> to <paramref name="endTimestamp"/> (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    public void RecordElapsed(long startTimestamp, long endTimestamp) =>
        Record((long)Math.Round((endTimestamp - startTimestamp) * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
        Sum += other.Sum;
        _min = Math.Min(_min, other._min);
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The <paramref name="percentile"/> (0–100, nearest rank) in microseconds; 0 when empty.</summary>
    public double Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return 0;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        if (rank >= Count)
        {
            return Max;
        }
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, width) = BucketOf(i);
                var mid = low + (width - 1) / 2.0;
                return Math.Clamp(mid, Min, Max);
            }
        }
        return Max;
    }

    /// <summary>The bucket index of a value: exact below <see cref="SubBuckets"/>, then 64 buckets per power of two.</summary>
    internal static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }
        var shift = (63 - BitOperations.LeadingZeroCount((ulong)value)) - (SubBucketBits - 1); // value >> shift in [64, 128)
        return SubBuckets + (shift - 1) * HalfSubBuckets + (int)((value >> shift) - HalfSubBuckets);
    }

    /// <summary>The lowest value and the width of a bucket.</summary>
    internal static (long Low, long Width) BucketOf(int index)
    {
        if (index < SubBuckets)
        {
            return (index, 1);
        }
        var shift = (index - SubBuckets) / HalfSubBuckets + 1;
        var sub = (index - SubBuckets) % HalfSubBuckets + HalfSubBuckets;
        return ((long)sub << shift, 1L << shift);
    }
}
