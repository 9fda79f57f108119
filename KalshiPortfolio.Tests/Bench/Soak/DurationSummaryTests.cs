using KalshiPortfolio.Bench.Soak;

namespace KalshiPortfolio.Tests.Bench.Soak;

/// <summary>Convergence-time percentiles: nearest rank over the values themselves.</summary>
[Trait("Category", "Unit")]
public sealed class DurationSummaryTests
{
    [Fact]
    public void Median_p99_and_max_are_nearest_rank_values()
    {
        var values = Enumerable.Range(1, 200).Select(i => i / 10.0).Reverse().ToList(); // 0.1 … 20.0, unsorted

        var summary = DurationSummary.Of(values);

        summary.Should().Be(new DurationSummary(200, 10.0, 19.8, 20.0));
    }

    [Fact]
    public void A_few_values_give_their_own_percentiles_and_none_give_none()
    {
        DurationSummary.Of([3.0, 1.0, 2.0]).Should().Be(new DurationSummary(3, 2.0, 3.0, 3.0));
        DurationSummary.Of([0.4]).Should().Be(new DurationSummary(1, 0.4, 0.4, 0.4));
        DurationSummary.Of([]).Should().Be(new DurationSummary(0, null, null, null));
        DurationSummary.Percentile([1.0, 2.0, 3.0, 4.0], 25).Should().Be(1.0);
        DurationSummary.Percentile([1.0, 2.0, 3.0, 4.0], 26).Should().Be(2.0);
        DurationSummary.Percentile([1.0, 2.0], 0).Should().Be(1.0);
        FluentActions.Invoking(() => DurationSummary.Percentile([1.0], 101)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
