using KalshiPortfolio.Bench.Latency;
using KalshiPortfolio.Bench.Servers;

namespace KalshiPortfolio.Bench.Reporting;

/// <summary>Latency percentiles in milliseconds over every client's receipts.</summary>
public sealed record LatencyStats(long Samples, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    public static LatencyStats From(LatencyHistogram histogram) => new(
        histogram.Count,
        Ms(histogram.Percentile(50)),
        Ms(histogram.Percentile(90)),
        Ms(histogram.Percentile(99)),
        Ms(histogram.Percentile(99.9)),
        Ms(histogram.Max),
        Ms(histogram.Mean));

    private static double Ms(double microseconds) => Math.Round(microseconds / 1000.0, 3);

    /// <summary>A percentile for the report: null when nothing was received (no latency to speak of).</summary>
    public double? Of(Func<LatencyStats, double> percentile) => Samples == 0 ? null : percentile(this);
}

/// <summary>One server (the app or the floor) measured in one scenario.</summary>
public sealed record ServerRun
{
    public required string Server { get; init; }
    public required LatencyStats Latency { get; init; }

    /// <summary>Quote changes published in the measured window, and their rate.</summary>
    public required long Published { get; init; }
    public required double UpdatesPerSecond { get; init; }
    public required double WindowSeconds { get; init; }

    /// <summary>Published × clients: the receipts a lossless server delivers.</summary>
    public required long Expected { get; init; }
    public required long Received { get; init; }

    /// <summary>Window publishes some client never received (within the drain period after the window), summed over clients.</summary>
    public required long Drops { get; init; }
    public required long Duplicates { get; init; }
    public required long Unmatched { get; init; }

    /// <summary>The server's own count of events dropped for slow subscribers during the run (app: kp_fanout_dropped_events; floor: its queues).</summary>
    public long? ServerDroppedEvents { get; init; }
    public int ClientErrors { get; init; }

    /// <summary>How far behind the clients were when the drain ended (publishes not yet seen ÷ rate): median and worst, seconds.</summary>
    public double LagAtEndMedianSeconds { get; init; }
    public double LagAtEndMaxSeconds { get; init; }

    /// <summary>Events (any kind) and bytes each client received over the whole run, on average.</summary>
    public double EventsPerClient { get; init; }
    public double MegabytesPerClient { get; init; }

    public double? PeakRssMb { get; init; }

    /// <summary>The server process's CPU over the window, in % of one core (200 = both cores of a 2-core machine).</summary>
    public double? CpuPercent { get; init; }

    /// <summary>The bench process's CPU (simulator, load generator, SSE clients) over the window, in % of one core.</summary>
    public double BenchCpuPercent { get; init; }

    /// <summary>Everything else on the machine over the window (machine busy − server − bench), in % of one core: noise.</summary>
    public double OtherCpuPercent { get; init; }

    /// <summary>How far the load generator fell behind its schedule at worst (ms).</summary>
    public double LoadMaxLagMs { get; init; }
    public RuntimeSummary? Runtime { get; init; }

    /// <summary>Opening the streams (the app sends each client a snapshot): how long it took, the resident set right after, and the runtime counters meanwhile.</summary>
    public double ConnectSeconds { get; init; }
    public double? RssAfterConnectMb { get; init; }
    public RuntimeSummary? ConnectRuntime { get; init; }
    public string? Note { get; init; }
}

/// <summary>A scenario: its definition, the app's run and the floor's.</summary>
public sealed record ScenarioResult(ScenarioSpec Spec, ServerRun? App, ServerRun? Floor, string? Error);

/// <summary>Quote change → new P&amp;L text in the DOM, measured in Chromium.</summary>
public sealed record BrowserResult
{
    public required int Positions { get; init; }
    public required double UpdatesPerSecond { get; init; }
    public required int VisibleCards { get; init; }
    public required double VisibleShare { get; init; }
    public required LatencyStats Latency { get; init; }

    /// <summary>Publishes to visible cards in the window that never showed in the DOM by the end of the drain.</summary>
    public required long Missed { get; init; }
    public required long PublishesToVisibleCards { get; init; }

    /// <summary>Publishes that showed together with a later one (coalesced into one render): not separately visible.</summary>
    public required long Coalesced { get; init; }

    /// <summary>The longest main-thread task the Long Tasks API reported (tasks ≥ 50 ms only), or null when none.</summary>
    public double? LongestTaskMs { get; init; }
    public int LongTasks { get; init; }

    /// <summary>The longest gap between two animation frames during the window.</summary>
    public double MaxFrameGapMs { get; init; }

    /// <summary>Half the best round trip of the clock alignment (the error of each latency), and the drift between the two alignments.</summary>
    public double ClockErrorMs { get; init; }
    public double ClockDriftMs { get; init; }
    public double? AppPeakRssMb { get; init; }
    public double? AppCpuPercent { get; init; }
    public string? Error { get; init; }
}

/// <summary>One BenchmarkDotNet result.</summary>
public sealed record MicroResult(string Name, string Parameters, double MedianUs, double MeanUs, double? AllocatedBytes, double? OpsPerSecond);
