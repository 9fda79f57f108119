using KalshiPortfolio.Bench.Latency;

namespace KalshiPortfolio.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class LatencyHistogramTests
{
    [Fact]
    public void An_empty_histogram_reports_zeros()
    {
        var histogram = new LatencyHistogram();

        histogram.Count.Should().Be(0);
        (histogram.Min, histogram.Max, histogram.Mean, histogram.Percentile(99)).Should().Be((0L, 0L, 0.0, 0.0));
    }

    [Fact]
    public void Small_values_are_exact_and_percentiles_use_the_nearest_rank()
    {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 100; v++)
        {
            histogram.Record(v);
        }

        histogram.Percentile(50).Should().Be(50);
        histogram.Percentile(99).Should().Be(99);
        histogram.Percentile(99.5).Should().Be(100);
        histogram.Percentile(100).Should().Be(100);
        histogram.Percentile(0).Should().Be(1);
        histogram.Mean.Should().Be(50.5);
        (histogram.Min, histogram.Max).Should().Be((1, 100));
    }

    [Theory]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(1_000)]
    [InlineData(4_999)]
    [InlineData(123_456)]
    [InlineData(98_765_432)]
    public void A_large_value_is_reported_within_one_percent(long microseconds)
    {
        var histogram = new LatencyHistogram();
        histogram.Record(microseconds);
        histogram.Record(microseconds * 3); // so the percentile is not just the exact max

        histogram.Percentile(50).Should().BeApproximately(microseconds, microseconds * 0.008);
    }

    [Fact]
    public void Every_value_falls_in_the_bucket_that_holds_it()
    {
        foreach (var value in new long[] { 0, 1, 127, 128, 129, 255, 256, 257, 1023, 1024, 65_535, 1L << 30, LatencyHistogram.MaxValue })
        {
            var (low, width) = LatencyHistogram.BucketOf(LatencyHistogram.IndexOf(value));
            value.Should().BeInRange(low, low + width - 1);
        }
    }

    [Fact]
    public void Merging_adds_counts_and_keeps_exact_extremes()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(10);
        a.Record(20);
        b.Record(5);
        b.Record(5_000);

        a.Add(b);

        a.Count.Should().Be(4);
        (a.Min, a.Max).Should().Be((5, 5_000));
        a.Percentile(50).Should().Be(10);
    }

    [Fact]
    public void Negative_values_count_as_zero_and_elapsed_time_is_converted_to_microseconds()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.RecordElapsed(0, System.Diagnostics.Stopwatch.Frequency / 1000); // 1 ms

        histogram.Min.Should().Be(0);
        histogram.Max.Should().Be(1000);
    }
}
