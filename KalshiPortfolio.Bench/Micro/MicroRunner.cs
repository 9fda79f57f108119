using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KalshiPortfolio.Bench.Reporting;

namespace KalshiPortfolio.Bench.Micro;

/// <summary>
/// Runs the BenchmarkDotNet classes in this process (the in-process toolchain: no generated project to build, which
/// would not fit the time budget). Quick: 2 warm-up and 9 measured iterations of ~100 ms each (the median of 9 resists a noisy neighbour); full: 6 warm-up and 20
/// iterations of ~500 ms. BenchmarkDotNet's own log and reports go to the run folder.
/// </summary>
public static class MicroRunner
{
    public static IReadOnlyList<MicroResult> Run(bool quick, string artifactsDirectory, Action<string> log)
    {
        Directory.CreateDirectory(artifactsDirectory);
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithId(quick ? "quick" : "full");
        job = quick
            ? job.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(9).WithIterationTime(TimeInterval.FromMilliseconds(100))
            : job.WithLaunchCount(1).WithWarmupCount(6).WithIterationCount(20).WithIterationTime(TimeInterval.FromMilliseconds(500));
        using var logger = new StreamLogger(Path.Combine(artifactsDirectory, "benchmarkdotnet.log"));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(logger)
            .WithArtifactsPath(artifactsDirectory)
            .WithOptions(ConfigOptions.DisableLogFile);

        var results = new List<MicroResult>();
        foreach (var type in new[] { typeof(TrackerBenchmarks), typeof(SerializationBenchmarks) })
        {
            log($"[micro] {type.Name}");
            var summary = BenchmarkRunner.Run(type, config);
            results.AddRange(Read(summary));
            if (summary.HasCriticalValidationErrors)
            {
                log($"[micro] {type.Name}: BenchmarkDotNet refused to run: {string.Join("; ", summary.ValidationErrors.Select(e => e.Message))}");
            }
        }
        return results;
    }

    private static IEnumerable<MicroResult> Read(Summary summary)
    {
        foreach (var report in summary.Reports)
        {
            var stats = report.ResultStatistics;
            if (stats is null)
            {
                continue;
            }
            var name = report.BenchmarkCase.Descriptor.Type.Name + "." + report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            yield return new MicroResult(
                name,
                report.BenchmarkCase.Parameters.DisplayInfo,
                Math.Round(stats.Median / 1000.0, 3),
                Math.Round(stats.Mean / 1000.0, 3),
                allocated,
                stats.Median > 0 ? Math.Round(1e9 / stats.Median, 0) : null);
        }
    }
}
