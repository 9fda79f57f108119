using System.Diagnostics;
using KalshiPortfolio.Simulator;

namespace KalshiPortfolio.Bench;

/// <summary>What every part of a run shares: the options, the simulator (in this process), where files go, the log.</summary>
public sealed class BenchContext(BenchOptions options, SimulatorHost simulator, string runDirectory, string webDirectory)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public BenchOptions Options { get; } = options;

    /// <summary>The exchange: quotes are set in-process, so each publish's time is known exactly.</summary>
    public SimulatorHost Simulator { get; } = simulator;

    public string RunDirectory { get; } = runDirectory;

    public string WebDirectory { get; } = webDirectory;

    /// <summary>This program's dll, started again as the floor server.</summary>
    public string BenchAssemblyPath { get; } = typeof(BenchContext).Assembly.Location;

    /// <summary>Progress, on standard error (standard output carries the report).</summary>
    public void Log(string message) => Console.Error.WriteLine($"[{Stopwatch.GetElapsedTime(_started).TotalSeconds,6:0.0}s] {message}");
}
