using System.Globalization;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>The command line of <c>soak</c>.</summary>
public sealed record SoakOptions
{
    public const string Command = "soak";

    public const string Usage = """
        Usage: dotnet run -c Release --project KalshiPortfolio.Bench -- soak --minutes N [options]

          --minutes N          how long to inject faults (required; fractions allowed)
          --seed S             the schedule's seed (faults, parameters, settlements; default 20261124)
          --json PATH          also write the report as JSON to PATH
          --faults LIST        comma list of fault kinds (default all): drop, refuse, malformed, rest_5xx, rest_429,
                               latency, silence, maintenance, trading_pause, combined, sigterm, sigkill
          --sse-clients N      SSE clients kept connected (default 3)
          --trades-per-minute N  the demo account's own trades (default 30)
          --window-seconds N   convergence window after a fault ends (default 10)
          --app-setting K=V    pass a configuration setting to the app (repeatable)
          --run-dir DIR        where logs and data go (default: a new folder under /tmp/kp-soak)
          --web-dir DIR        a published app (default: webapp/ beside the bench, published by its Release build)
          --help               this text
        """;

    public double Minutes { get; init; }
    public int Seed { get; init; } = 20261124;
    public string? JsonPath { get; init; }
    public IReadOnlyList<FaultKind> Faults { get; init; } = FaultKinds.All;
    public int SseClients { get; init; } = 3;
    public double TradesPerMinute { get; init; } = 30;
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);
    public IReadOnlyList<string> AppSettings { get; init; } = [];
    public string? RunDirectory { get; init; }
    public string? WebDirectory { get; init; }

    /// <summary>Where <c>KalshiPortfolio.Simulator.dll</c> is (default: beside the bench, where its build puts it).</summary>
    public string? SimulatorDirectory { get; init; }
    public bool Help { get; init; }

    /// <summary>Parses the arguments after <c>soak</c>; throws <see cref="ArgumentException"/> with a readable message when they are wrong.</summary>
    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
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
                "--minutes" => options with { Minutes = Positive(arg, Value()) },
                "--seed" => options with { Seed = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : throw new ArgumentException("--seed needs an integer.") },
                "--json" => options with { JsonPath = Value() },
                "--faults" => options with { Faults = ParseFaults(Value()) },
                "--sse-clients" => options with { SseClients = (int)Whole(arg, Value()) },
                "--trades-per-minute" => options with { TradesPerMinute = Positive(arg, Value()) },
                "--window-seconds" => options with { Window = TimeSpan.FromSeconds(Positive(arg, Value())) },
                "--app-setting" => options with { AppSettings = [.. options.AppSettings, Setting(Value())] },
                "--run-dir" => options with { RunDirectory = Value() },
                "--web-dir" => options with { WebDirectory = Value() },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option {arg}."),
            };
        }
        if (!options.Help && options.Minutes <= 0)
        {
            throw new ArgumentException("--minutes is required.");
        }
        return options;
    }

    private static List<FaultKind> ParseFaults(string value)
    {
        var kinds = new List<FaultKind>();
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!FaultKinds.TryParse(name, out var kind))
            {
                throw new ArgumentException($"Unknown fault '{name}' (known: {string.Join(", ", FaultKinds.All.Select(k => k.Name()))}).");
            }
            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }
        return kinds.Count > 0 ? kinds : throw new ArgumentException("--faults needs at least one fault kind.");
    }

    private static string Setting(string value) =>
        value.IndexOf('=', StringComparison.Ordinal) > 0 ? value : throw new ArgumentException($"--app-setting needs Key=Value (got '{value}').");

    private static double Positive(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && double.IsFinite(number)
            ? number
            : throw new ArgumentException($"{name} needs a positive number (got '{value}').");

    private static double Whole(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive whole number (got '{value}').");
}
