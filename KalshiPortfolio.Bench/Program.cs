using System.Diagnostics;
using System.Globalization;
using KalshiPortfolio.Bench.Browser;
using KalshiPortfolio.Bench.Micro;
using KalshiPortfolio.Bench.Reporting;
using KalshiPortfolio.Bench.Servers;
using KalshiPortfolio.Bench.Soak;
using KalshiPortfolio.Simulator;

namespace KalshiPortfolio.Bench;

/// <summary>
/// The entry point: the benchmark run, the fault soak (first argument <c>soak</c>), or (first argument
/// <c>floor-server</c>) the floor relay's own process.
/// Not called Program: the test project also sees the Web app's <c>Program</c>.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        if (args.Length > 0 && args[0] == FloorServer.Command)
        {
            return await FloorServer.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == SoakOptions.Command)
        {
            return await SoakCommand.RunAsync(args[1..]);
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }
        #if DEBUG
        Console.Error.WriteLine("warning: a Debug build measures unoptimized code; run with -c Release.");
        #endif

        var started = Stopwatch.GetTimestamp();
        var loadAtStart = MachineInfo.LoadAverage();
        var runDirectory = options.RunDirectory ?? Path.Combine(Path.GetTempPath(), "kp-bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(runDirectory);
        string webDirectory;
        try
        {
            webDirectory = PortfolioApp.ResolveDirectory(options.WebDirectory);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        Console.Error.WriteLine($"KalshiPortfolio.Bench {(options.Quick ? "--quick" : "(full)")}: {Environment.ProcessorCount} cores, load average {loadAtStart}; logs in {runDirectory}");

        // Micro benchmarks first, in a quiet process (nothing else started yet).
        IReadOnlyList<MicroResult> micro = [];
        string? microError = null;
        if (options.Micro)
        {
            try
            {
                micro = MicroRunner.Run(options.Quick, Path.Combine(runDirectory, "micro"), m => Console.Error.WriteLine(m));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                microError = ex.Message;
                Console.Error.WriteLine($"[micro] failed: {ex}");
            }
        }

        var specs = options.Scenarios.Select(n => ScenarioSpec.Get(n, options.Quick, options.MeasureSeconds)).ToList();
        var mostPositions = Math.Max(specs.Select(s => s.Positions).DefaultIfEmpty(0).Max(), options.Browser ? BrowserBench.Positions : 0);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            TicksPerSecond = 0, // only the bench moves prices
            DemoAccountTradesPerMinute = 0,
            SyntheticMarkets = Math.Max(0, mostPositions - 200),
        });
        var context = new BenchContext(options, simulator, runDirectory, webDirectory);
        context.Log($"simulator at {simulator.BaseUri} with {simulator.Exchange.MarketTickers.Count} markets; app from {webDirectory}");

        var scenarios = new List<ScenarioResult>();
        var runner = new Scenarios(context);
        foreach (var spec in specs)
        {
            scenarios.Add(await runner.RunAsync(spec));
        }

        BrowserResult? browser = null;
        string? browserError = null;
        if (options.Browser)
        {
            if (!File.Exists(options.Chromium))
            {
                browserError = $"no browser at {options.Chromium} (apt-get install chromium, or pass --chromium)";
                context.Log("[browser] skipped: " + browserError);
            }
            else
            {
                try
                {
                    browser = await new BrowserBench(context).RunAsync();
                    context.Log($"[browser] p50 {browser.Latency.P50Ms} ms, p99 {browser.Latency.P99Ms} ms, max {browser.Latency.MaxMs} ms ({browser.Latency.Samples} samples), longest task {browser.LongestTaskMs?.ToString(CultureInfo.InvariantCulture) ?? "none ≥ 50"} ms");
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    browserError = ex.Message;
                    context.Log($"[browser] failed: {ex}");
                }
            }
        }

        var machine = MachineInfo.Read(loadAtStart) with { LoadAverageAtEnd = MachineInfo.LoadAverage() };
        var report = new BenchReport(scenarios, browser, browserError, micro, microError, machine, options.Quick,
            Stopwatch.GetElapsedTime(started).TotalSeconds, runDirectory, options.AppSettings);
        Console.WriteLine(report.ToMarkdown());
        if (options.JsonPath is { } jsonPath)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            await File.WriteAllTextAsync(jsonPath, report.ToJson());
            context.Log($"results written to {jsonPath}");
        }
        return scenarios.Any(s => s.Error is not null) ? 1 : 0;
    }
}
