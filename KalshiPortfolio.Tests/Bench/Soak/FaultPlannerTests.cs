using KalshiPortfolio.Bench.Soak;

namespace KalshiPortfolio.Tests.Bench.Soak;

/// <summary>The soak's schedule: every kind in each round, parameters within their ranges, reproducible from the seed.</summary>
[Trait("Category", "Unit")]
public sealed class FaultPlannerTests
{
    [Fact]
    public void Every_round_injects_each_kind_once_in_a_seeded_order()
    {
        var planner = new FaultPlanner(7);
        var kinds = FaultKinds.All.Count;

        var first = Enumerable.Range(0, kinds).Select(_ => planner.Next().Kind).ToList();
        var second = Enumerable.Range(0, kinds).Select(_ => planner.Next().Kind).ToList();

        first.Should().BeEquivalentTo(FaultKinds.All);
        second.Should().BeEquivalentTo(FaultKinds.All);
        first.Should().NotEqual(FaultKinds.All, "the order is shuffled");
        new FaultPlanner(7).Next().Should().BeEquivalentTo(new FaultPlanner(7).Next(), "the same seed gives the same schedule");
    }

    [Fact]
    public void Only_the_kinds_asked_for_are_drawn()
    {
        var planner = new FaultPlanner(1, [FaultKind.Malformed, FaultKind.RestErrors, FaultKind.Malformed]);

        var drawn = Enumerable.Range(0, 10).Select(_ => planner.Next().Kind).ToList();

        drawn.Distinct().Should().BeEquivalentTo([FaultKind.Malformed, FaultKind.RestErrors]);
        drawn.Count(k => k == FaultKind.Malformed).Should().Be(5);
    }

    [Fact]
    public void Parameters_stay_within_their_ranges()
    {
        var planner = new FaultPlanner(20261124);
        var parts = Enumerable.Range(0, 600).SelectMany(_ => planner.Next().Parts).ToList();

        InRange(parts, FaultKind.Refuse, p => p.Duration.TotalSeconds, FaultPlanner.Ranges.RefuseSeconds);
        InRange(parts, FaultKind.Malformed, p => p.Count, FaultPlanner.Ranges.MalformedFrames);
        InRange(parts, FaultKind.RestErrors, p => p.Count, FaultPlanner.Ranges.RestErrorCount);
        InRange(parts, FaultKind.RateLimited, p => p.Count, FaultPlanner.Ranges.RateLimitedCount);
        InRange(parts, FaultKind.Latency, p => p.LatencyMs, FaultPlanner.Ranges.LatencyMs);
        InRange(parts, FaultKind.Latency, p => p.Duration.TotalSeconds, FaultPlanner.Ranges.LatencySeconds);
        InRange(parts, FaultKind.Silence, p => p.Duration.TotalSeconds, FaultPlanner.Ranges.SilenceSeconds);
        InRange(parts, FaultKind.Maintenance, p => p.Duration.TotalSeconds, FaultPlanner.Ranges.MaintenanceSeconds);
        InRange(parts, FaultKind.TradingPause, p => p.Duration.TotalSeconds, FaultPlanner.Ranges.PauseSeconds);
        parts.Where(p => p.Kind == FaultKind.RestErrors).Select(p => p.Status).Distinct().Should().BeEquivalentTo(FaultPlanner.Ranges.ServerErrors);
        parts.Where(p => p.Kind == FaultKind.RateLimited).Should().OnlyContain(p => p.Status == 429);
        var quiet = Enumerable.Range(0, 200).Select(_ => planner.NextQuiet().TotalMilliseconds).ToList();
        quiet.Should().OnlyContain(ms => ms >= FaultPlanner.Ranges.QuietMs.Min && ms <= FaultPlanner.Ranges.QuietMs.Max);
    }

    [Fact]
    public void A_combined_fault_is_two_exchange_faults_that_use_different_settings()
    {
        var planner = new FaultPlanner(3, [FaultKind.Combined]);

        var combined = Enumerable.Range(0, 300).Select(_ => planner.Next()).ToList();

        combined.Should().OnlyContain(f => f.Kind == FaultKind.Combined && f.Parts.Count == 2);
        combined.Should().OnlyContain(f => f.Parts[0].Group != f.Parts[1].Group, "two rest_failures or two status changes would overwrite each other");
        combined.Should().OnlyContain(f => f.Parts.All(p => FaultKinds.Exchange.Contains(p.Kind)));
        combined.SelectMany(f => f.Parts).Select(p => p.Kind).Distinct().Should().BeEquivalentTo(FaultKinds.Exchange);
        combined[0].MaxActive.Should().Be(combined[0].Parts.Max(p => p.MaxActive));
    }

    private static void InRange(List<FaultPart> parts, FaultKind kind, Func<FaultPart, double> value, (int Min, int Max) range)
    {
        var values = parts.Where(p => p.Kind == kind).Select(value).ToList();
        values.Should().NotBeEmpty();
        values.Should().OnlyContain(v => v >= range.Min && v <= range.Max, "{0} stays within [{1}, {2}]", kind, range.Min, range.Max);
    }
}
