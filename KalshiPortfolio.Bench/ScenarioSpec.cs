namespace KalshiPortfolio.Bench;

/// <summary>One tick → SSE scenario: how many positions the account holds, how many SSE clients watch it, how fast quotes change.</summary>
public sealed record ScenarioSpec(
    string Name,
    string Description,
    int Positions,
    int Clients,
    double UpdatesPerSecond,
    TimeSpan Warmup,
    TimeSpan Measure,
    TimeSpan Drain)
{
    /// <summary>The longest the clients are waited for after the window while they are still receiving its updates.</summary>
    public TimeSpan MaxDrain => Drain * 5;

    public static readonly IReadOnlyList<string> Names = ["a", "b", "c"];

    /// <summary>The scenarios of the issue, with windows sized for <paramref name="quick"/> or full runs.</summary>
    public static ScenarioSpec Get(string name, bool quick, double? measureSeconds = null)
    {
        var spec = name switch
        {
            "a" => new ScenarioSpec("a", "original load: 50 positions, 100 updates/min, 1 client",
                50, 1, 100 / 60.0, S(quick ? 2 : 5), S(quick ? 15 : 120), S(quick ? 2 : 5)),
            "b" => new ScenarioSpec("b", "500 positions, 1,000 updates/s, 100 clients",
                500, 100, 1000, S(quick ? 3 : 10), S(quick ? 10 : 60), S(quick ? 2 : 5)),
            "c" => new ScenarioSpec("c", "500 positions, 1,000 updates/s, 1,000 clients",
                500, 1000, 1000, S(quick ? 3 : 10), S(quick ? 8 : 45), S(quick ? 2 : 5)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
        };
        return measureSeconds is { } seconds ? spec with { Measure = TimeSpan.FromSeconds(seconds) } : spec;
    }

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
