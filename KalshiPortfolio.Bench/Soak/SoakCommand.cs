using System.Globalization;
using KalshiPortfolio.Bench.Servers;

namespace KalshiPortfolio.Bench.Soak;

/// <summary><c>soak</c>: runs the fault soak and prints its report (JSON too with <c>--json</c>). Exit code 0 = passed, 1 = failed, 2 = bad arguments.</summary>
public static class SoakCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        SoakOptions options;
        try
        {
            options = SoakOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(SoakOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(SoakOptions.Usage);
            return 0;
        }
        string webDirectory;
        try
        {
            webDirectory = PortfolioApp.ResolveDirectory(options.WebDirectory is { } web ? Path.GetFullPath(web) : null);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        var runDirectory = options.RunDirectory ?? Path.Combine(Path.GetTempPath(), "kp-soak", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(runDirectory);

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var runner = new SoakRunner(options, options.SimulatorDirectory ?? AppContext.BaseDirectory, webDirectory, runDirectory, Console.Error.WriteLine);
        var report = await runner.RunAsync(cancel.Token);
        Console.WriteLine(report.ToMarkdown());
        if (options.JsonPath is { } jsonPath)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            await File.WriteAllTextAsync(jsonPath, report.ToJson());
            Console.Error.WriteLine($"results written to {jsonPath}");
        }
        return report.Passed ? 0 : 1;
    }
}
