using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalshiPortfolio.Bench.Reporting;

/// <summary>A whole run's results, written as JSON (the issue's fields first) and as a markdown report.</summary>
public sealed record BenchReport(
    IReadOnlyList<ScenarioResult> Scenarios,
    BrowserResult? Browser,
    string? BrowserError,
    IReadOnlyList<MicroResult> Micro,
    string? MicroError,
    MachineInfo Machine,
    bool Quick,
    double ElapsedSeconds,
    string RunDirectory,
    IReadOnlyList<string>? AppSettings = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public IReadOnlyList<GoalResult> Goals { get; } = Reporting.Goals.Evaluate(Scenarios, Browser, Micro);

    public string ToJson() => JsonSerializer.Serialize(new
    {
        scenarios = Scenarios.Select(s => new Dictionary<string, object?>
        {
            ["name"] = s.Spec.Name,
            ["positions"] = s.Spec.Positions,
            ["clients"] = s.Spec.Clients,
            ["updates_per_s"] = s.App?.UpdatesPerSecond ?? s.Floor?.UpdatesPerSecond,
            ["p50_ms"] = s.App?.Latency.Of(l => l.P50Ms),
            ["p99_ms"] = s.App?.Latency.Of(l => l.P99Ms),
            ["max_ms"] = s.App?.Latency.Of(l => l.MaxMs),
            ["floor_p50_ms"] = s.Floor?.Latency.Of(l => l.P50Ms),
            ["floor_p99_ms"] = s.Floor?.Latency.Of(l => l.P99Ms),
            ["drops"] = s.App?.Drops,
            ["peak_rss_mb"] = s.App?.PeakRssMb,
            ["cpu_percent"] = s.App?.CpuPercent,
            // beyond the issue's fields
            ["description"] = s.Spec.Description,
            ["target_updates_per_s"] = Math.Round(s.Spec.UpdatesPerSecond, 3),
            ["samples"] = s.App?.Latency.Samples,
            ["floor_max_ms"] = s.Floor?.Latency.Of(l => l.MaxMs),
            ["floor_drops"] = s.Floor?.Drops,
            ["floor_peak_rss_mb"] = s.Floor?.PeakRssMb,
            ["floor_cpu_percent"] = s.Floor?.CpuPercent,
            ["app"] = s.App,
            ["floor"] = s.Floor,
            ["error"] = s.Error,
        }),
        browser = Browser,
        browser_error = BrowserError,
        micro = Micro,
        micro_error = MicroError,
        goals = Goals,
        machine = Machine,
        settings = new
        {
            quick = Quick,
            elapsed_s = Math.Round(ElapsedSeconds, 1),
            run_directory = RunDirectory,
            app_settings = AppSettings ?? [],
            cpu_percent_unit = "percent of one core (100 = one core busy); the machine has " + Machine.Cores.ToString(CultureInfo.InvariantCulture),
            drops_definition = "per client, a window publish whose position_update (floor: ticker frame) the client never received by the end of the drain period; summed over clients",
        },
    }, Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## KalshiPortfolio.Bench ({(Quick ? "--quick" : "full")})");
        md.AppendLine();
        md.AppendLine("Tick → SSE: quote set in the simulator → `ticker` frame over WebSocket → app recomputes P&L → `position_update` over SSE, one clock (Stopwatch in the bench process), every client's receipts. Floor: the same frames relayed raw by a minimal Kestrel endpoint.");
        md.AppendLine();
        md.AppendLine("| scenario | positions | clients | updates/s | p50 ms | p99 ms | max ms | floor p50 ms | floor p99 ms | drops | peak RSS MB | CPU % |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in Scenarios)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Spec.Name} | {s.Spec.Positions:N0} | {s.Spec.Clients:N0} | {N(s.App?.UpdatesPerSecond ?? s.Floor?.UpdatesPerSecond)} | {N(s.App?.Latency.Of(l => l.P50Ms))} | {N(s.App?.Latency.Of(l => l.P99Ms))} | {N(s.App?.Latency.Of(l => l.MaxMs))} | {N(s.Floor?.Latency.Of(l => l.P50Ms))} | {N(s.Floor?.Latency.Of(l => l.P99Ms))} | {Drops(s.App)} | {N(s.App?.PeakRssMb)} | {N(s.App?.CpuPercent)} |");
        }
        md.AppendLine();
        md.AppendLine("CPU % is of one core (200 = both cores of this machine). Drops: receipts some client never got by the end of the drain (published × clients − received); \"—\": no client received any update of the window. \"others CPU %\" below is what the rest of the machine used during the window: noise.");
        md.AppendLine();

        md.AppendLine("### Detail per server");
        md.AppendLine();
        md.AppendLine("| run | samples | p90 ms | p99.9 ms | delivered | clients behind at end, median / max s | server-side drops | MB/client | server CPU % | bench CPU % | others CPU % | peak RSS MB | GCs 0/1/2 | alloc MB/s | time in GC % | heap max MB | connect s | peak RSS after connect MB |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        foreach (var s in Scenarios)
        {
            foreach (var run in new[] { s.Floor, s.App })
            {
                if (run is null)
                {
                    continue;
                }
                var delivered = run.Expected == 0 ? "—" : ((double)run.Received / run.Expected * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";
                var rt = run.Runtime;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {s.Spec.Name} {run.Server} | {run.Latency.Samples:N0} | {N(run.Latency.Of(l => l.P90Ms))} | {N(run.Latency.Of(l => l.P999Ms))} | {delivered} | {N(run.LagAtEndMedianSeconds)} / {N(run.LagAtEndMaxSeconds)} | {run.ServerDroppedEvents?.ToString("N0", CultureInfo.InvariantCulture) ?? "—"} | {N(run.MegabytesPerClient)} | {N(run.CpuPercent)} | {N(run.BenchCpuPercent)} | {N(run.OtherCpuPercent)} | {N(run.PeakRssMb)} | {(rt is null ? "—" : $"{rt.Gen0Collections}/{rt.Gen1Collections}/{rt.Gen2Collections}")} | {N(rt?.AllocatedMbPerSecond)} | {N(rt?.TimeInGcPercentMean)} | {N(rt?.GcHeapMaxMb)} | {N(run.ConnectSeconds)} | {N(run.RssAfterConnectMb)} |");
            }
        }
        foreach (var s in Scenarios)
        {
            foreach (var note in new[] { s.Error, s.Floor?.Note is { } fn ? "floor: " + fn : null, s.App?.Note is { } an ? "app: " + an : null })
            {
                if (note is not null)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"- {s.Spec.Name}: {note}");
                }
            }
        }
        md.AppendLine();

        md.AppendLine("### Browser (Chromium, headless)");
        md.AppendLine();
        if (Browser is { } br)
        {
            md.AppendLine("| positions | updates/s | cards in DOM | samples | p50 ms | p99 ms | max ms | missed | longest task ms | max frame gap ms | clock error ± ms |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {br.Positions} | {N(br.UpdatesPerSecond)} | {br.VisibleCards} | {br.Latency.Samples:N0} | {N(br.Latency.P50Ms)} | {N(br.Latency.P99Ms)} | {N(br.Latency.MaxMs)} | {br.Missed} of {br.PublishesToVisibleCards} | {(br.LongestTaskMs is { } lt ? N(lt) + $" ({br.LongTasks} ≥ 50 ms)" : "none ≥ 50 ms")} | {N(br.MaxFrameGapMs)} | {N(br.ClockErrorMs)} |");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Quote change → the card's P&L text in the DOM (MutationObserver), measured on the cards the virtualized panel has in the DOM; {br.VisibleShare:P0} of updates go to them. {br.Coalesced} updates were coalesced into a later render. App CPU {N(br.AppCpuPercent)} %, peak RSS {N(br.AppPeakRssMb)} MB.{(br.Error is null ? "" : " Note: " + br.Error)}");
        }
        else
        {
            md.AppendLine(BrowserError is null ? "Not run." : "Failed: " + BrowserError);
        }
        md.AppendLine();

        md.AppendLine("### Micro (BenchmarkDotNet, in-process)");
        md.AppendLine();
        if (Micro.Count > 0)
        {
            md.AppendLine("| benchmark | params | median µs | mean µs | allocated/op | ops/s |");
            md.AppendLine("|---|---|---:|---:|---:|---:|");
            foreach (var m in Micro)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {m.Name} | {m.Parameters} | {N(m.MedianUs)} | {N(m.MeanUs)} | {Bytes(m.AllocatedBytes)} | {m.OpsPerSecond?.ToString("N0", CultureInfo.InvariantCulture) ?? "—"} |");
            }
        }
        else
        {
            md.AppendLine(MicroError is null ? "Not run." : "Failed: " + MicroError);
        }
        md.AppendLine();

        md.AppendLine("### Goals");
        md.AppendLine();
        md.AppendLine("| goal | measured | | |");
        md.AppendLine("|---|---|---|---|");
        foreach (var g in Goals)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Goal} | {g.Measured} | {(g.Met switch { true => "met", false => "**missed**", null => "—" })} | {g.Detail} |");
        }
        md.AppendLine();
        if (AppSettings is { Count: > 0 })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"App settings changed for this run: {string.Join(", ", AppSettings)}.");
            md.AppendLine();
        }
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Machine: {Machine.Cores} cores, {Machine.CpuModel}, {Machine.MemoryGb} GB, {Machine.Os}, {Machine.Dotnet}; load average {Machine.LoadAverageAtStart ?? "?"} at start, {Machine.LoadAverageAtEnd ?? "?"} at end. Run took {ElapsedSeconds:0} s; logs in {RunDirectory}.");
        return md.ToString();
    }

    private static string N(double? value) => value is { } v ? Reporting.Goals.Format(v) : "—";

    private static string Drops(ServerRun? run) => run is null ? "—" : run.Drops.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(double? bytes) => bytes switch
    {
        null => "—",
        >= 1024 * 1024 => Reporting.Goals.Format(bytes.Value / 1024 / 1024) + " MB",
        >= 1024 => Reporting.Goals.Format(bytes.Value / 1024) + " KB",
        _ => bytes.Value.ToString("0", CultureInfo.InvariantCulture) + " B",
    };
}
