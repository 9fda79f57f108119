using System.Globalization;

namespace KalshiPortfolio.Bench;

/// <summary>The command line of a benchmark run.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project KalshiPortfolio.Bench -- [options]

          --quick              short windows, sized to finish within 5 minutes on 2 cores
          --json PATH          also write the results as JSON to PATH
          --scenarios LIST     comma list of SSE scenarios to run (a,b,c; default all)
          --measure-seconds N  override every scenario's measured window (seconds)
          --app-setting K=V    pass a configuration setting to the app (repeatable), e.g. for experiments:
                               --app-setting Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning
          --no-sse             skip the tick → SSE scenarios
          --no-floor           skip the floor relay runs
          --no-browser         skip the Playwright DOM measurement
          --no-micro           skip the BenchmarkDotNet micro benchmarks
          --run-dir DIR        where logs and data go (default: a new folder under /tmp/kp-bench)
          --web-dir DIR        a published app (default: webapp/ beside the bench, published by its Release build)
          --chromium PATH      the browser (default /usr/bin/chromium)
          --help               this text
        """;

    public bool Quick { get; init; }
    public string? JsonPath { get; init; }
    public IReadOnlyList<string> Scenarios { get; init; } = ScenarioSpec.Names;
    public double? MeasureSeconds { get; init; }
    public bool Floor { get; init; } = true;
    public bool Browser { get; init; } = true;
    public bool Micro { get; init; } = true;
    public string? RunDirectory { get; init; }
    public string? WebDirectory { get; init; }
    public string Chromium { get; init; } = "/usr/bin/chromium";

    /// <summary>Extra configuration for the app (<c>Key=Value</c>, passed as <c>--Key=Value</c>); none by default: the app as shipped.</summary>
    public IReadOnlyList<string> AppSettings { get; init; } = [];
    public bool Help { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a readable message when they are wrong.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{arg} needs a value.");
                }
                return args[++i];
            }
            options = arg switch
            {
                "--quick" => options with { Quick = true },
                "--json" => options with { JsonPath = Value() },
                "--scenarios" => options with { Scenarios = ParseScenarios(Value()) },
                "--measure-seconds" => options with { MeasureSeconds = ParsePositive(arg, Value()) },
                "--no-sse" => options with { Scenarios = [] },
                "--no-floor" => options with { Floor = false },
                "--no-browser" => options with { Browser = false },
                "--no-micro" => options with { Micro = false },
                "--run-dir" => options with { RunDirectory = Value() },
                "--web-dir" => options with { WebDirectory = Value() },
                "--chromium" => options with { Chromium = Value() },
                "--app-setting" => options with { AppSettings = [.. options.AppSettings, ParseSetting(Value())] },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option {arg}."),
            };
        }
        return options;
    }

    private static List<string> ParseScenarios(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException("--scenarios needs at least one of a, b, c.");
        }
        foreach (var name in names)
        {
            if (!ScenarioSpec.Names.Contains(name))
            {
                throw new ArgumentException($"Unknown scenario '{name}' (known: {string.Join(", ", ScenarioSpec.Names)}).");
            }
        }
        // Always in the canonical order, whatever order they were given in.
        return [.. ScenarioSpec.Names.Where(names.Contains)];
    }

    private static string ParseSetting(string value) =>
        value.IndexOf('=', StringComparison.Ordinal) > 0 ? value : throw new ArgumentException($"--app-setting needs Key=Value (got '{value}').");

    private static double ParsePositive(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds)
            ? seconds
            : throw new ArgumentException($"{name} needs a positive number of seconds (got '{value}').");
}
