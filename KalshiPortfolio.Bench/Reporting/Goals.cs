using System.Globalization;

namespace KalshiPortfolio.Bench.Reporting;

/// <summary>One goal of the issue: what it asks, what was measured, whether it is met and by how much it is missed.</summary>
public sealed record GoalResult(string Goal, string Measured, bool? Met, string Detail);

/// <summary>The issue's goals, checked against a run's results (a goal whose measurement is missing is "not measured").</summary>
public static class Goals
{
    public const double ScenarioBP99Ms = 5;
    public const double FloorRatio = 2;
    public const double DomP99Ms = 50;
    public const double RecomputeMs = 1;
    public const double AppMemoryMb = 300;

    public static IReadOnlyList<GoalResult> Evaluate(IReadOnlyList<ScenarioResult> scenarios, BrowserResult? browser, IReadOnlyList<MicroResult> micro)
    {
        var b = scenarios.FirstOrDefault(s => s.Spec.Name == "b");
        var c = scenarios.FirstOrDefault(s => s.Spec.Name == "c");
        var recompute = micro.FirstOrDefault(m => m.Name == "TrackerBenchmarks.RecomputeAll");
        return
        [
            Below("p99 under 5 ms in b", b?.App?.Latency is { Samples: > 0 } lb ? lb.P99Ms : null, ScenarioBP99Ms, "ms"),
            Ratio(b),
            NoDrops(c),
            Below("DOM update p99 under 50 ms", browser?.Latency is { Samples: > 0 } dom ? dom.P99Ms : null, DomP99Ms, "ms"),
            Below("10,000-position recompute under 1 ms", recompute is null ? null : recompute.MedianUs / 1000.0, RecomputeMs, "ms"),
            Below("the app under 300 MB in c", c?.App?.PeakRssMb, AppMemoryMb, "MB"),
        ];
    }

    private static GoalResult Below(string goal, double? measured, double limit, string unit)
    {
        if (measured is not { } value)
        {
            return new GoalResult(goal, "not measured", null, "");
        }
        var text = Format(value) + " " + unit;
        return value < limit
            ? new GoalResult(goal, text, true, $"{Format(limit - value)} {unit} to spare")
            : new GoalResult(goal, text, false, $"missed by {Format(value - limit)} {unit} ({Format(value / limit)}× the goal)");
    }

    private static GoalResult Ratio(ScenarioResult? b)
    {
        const string goal = "p99 within 2× the floor in b";
        if (b?.App?.Latency is not { Samples: > 0 } app || b.Floor?.Latency is not { Samples: > 0 } floor || floor.P99Ms <= 0)
        {
            return new GoalResult(goal, "not measured", null, "");
        }
        var ratio = app.P99Ms / floor.P99Ms;
        var text = $"{Format(ratio)}× ({Format(app.P99Ms)} vs {Format(floor.P99Ms)} ms)";
        return ratio <= FloorRatio
            ? new GoalResult(goal, text, true, "")
            : new GoalResult(goal, text, false, $"missed by {Format(app.P99Ms - FloorRatio * floor.P99Ms)} ms over 2× the floor");
    }

    private static GoalResult NoDrops(ScenarioResult? c)
    {
        const string goal = "no drops in c";
        if (c?.App is not { } app)
        {
            return new GoalResult(goal, "not measured", null, "");
        }
        var share = app.Expected == 0 ? 0 : (double)app.Drops / app.Expected * 100;
        return app.Drops == 0
            ? new GoalResult(goal, "0", true, $"{app.Received:N0} receipts")
            : new GoalResult(goal, app.Drops.ToString("N0", CultureInfo.InvariantCulture), false, $"{Format(share)} % of {app.Expected:N0} receipts never arrived");
    }

    internal static string Format(double value) => value switch
    {
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
