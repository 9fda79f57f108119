using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using KalshiPortfolio.Bench.Reporting;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>Counts a soak run gathers besides its fault records.</summary>
public sealed record SoakTotals(
    int Samples,
    int Repairs,
    int Restarts,
    IReadOnlyList<double> SigtermExitSeconds,
    int SigtermKilled,
    int? Trades,
    int? Settlements,
    int SettledBySoak,
    long ServerDroppedEvents,
    double PeakRssMb,
    double SimulatorPeakRssMb,
    double ElapsedSeconds);

/// <summary>One divergence for the report: which fault, which view, what differed, when it came right.</summary>
public sealed record DivergenceRow(
    int FaultIndex,
    string Fault,
    string View,
    double SeenAtSeconds,
    double? ResolvedAtSeconds,
    bool OnlyFourDecimalRounding,
    IReadOnlyList<string> Differences);

/// <summary>A soak run's results: the issue's figures first, then the detail; printed as markdown and written as JSON.</summary>
public sealed record SoakReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public required int Seed { get; init; }
    public required double Minutes { get; init; }
    public required double WindowSeconds { get; init; }
    public required int FaultsInjected { get; init; }
    public required IReadOnlyDictionary<string, int> FaultsByKind { get; init; }

    /// <summary>Seconds from a fault's end until every view agreed with the exchange, over the faults that converged.</summary>
    public required DurationSummary ConvergeSeconds { get; init; }
    public required IReadOnlyDictionary<string, DurationSummary> ConvergeSecondsByKind { get; init; }

    /// <summary>Faults after which the views did not all agree within the watch (window + 30 s).</summary>
    public required int NotConverged { get; init; }

    /// <summary>Checks (after a fault, at the end, or in a fault-free spell) where some view still disagreed with the exchange when the window closed. Must be 0.</summary>
    public required int Divergences { get; init; }

    /// <summary>Of those, checks where every difference was money within 4-decimal rounding (the WebSocket's precision, where REST has 6).</summary>
    public required int DivergencesOnlyFourDecimalRounding { get; init; }

    /// <summary>Views (REST, each SSE client) that disagreed when a window closed, over all checks.</summary>
    public required int DivergedViews { get; init; }

    /// <summary>Events SSE clients never received (gaps in the ids). Must be 0.</summary>
    public required long EventsLost { get; init; }
    public required long EventsRepeated { get; init; }
    public required long EventsReceived { get; init; }
    public required long Snapshots { get; init; }
    public required int SseConnections { get; init; }

    /// <summary>The app's own count of events it dropped for slow clients (<c>kp_fanout_dropped_events</c>), over its instances.</summary>
    public required long ServerDroppedEvents { get; init; }

    /// <summary>The app's largest resident set (any instance), MB.</summary>
    public required double PeakRssMb { get; init; }
    public required double SimulatorPeakRssMb { get; init; }
    public required int Restarts { get; init; }
    public required DurationSummary SigtermExitSeconds { get; init; }
    public required int SigtermKilled { get; init; }
    public required int? Trades { get; init; }
    public required int? Settlements { get; init; }
    public required int SettledBySoak { get; init; }
    public required int Samples { get; init; }
    public required int Repairs { get; init; }
    public required double ElapsedSeconds { get; init; }
    public required IReadOnlyList<DivergenceRow> DivergenceDetails { get; init; }
    public required IReadOnlyList<FaultRecord> Faults { get; init; }
    public required MachineInfo Machine { get; init; }
    public required string RunDirectory { get; init; }
    public required string Command { get; init; }
    public string? Error { get; init; }

    public bool Passed => Error is null && Divergences == 0 && EventsLost == 0 && FaultsInjected > 0;

    public static SoakReport Build(
        SoakOptions options,
        IReadOnlyList<FaultRecord> records,
        IReadOnlyList<(string View, SseAccountState State, int Connections)> clients,
        SoakTotals totals,
        MachineInfo machine,
        string runDirectory,
        string? error)
    {
        var faults = records.Where(r => r.Kind is not null).ToList();
        var divergences = records.SelectMany(r => r.Divergences.Select(d => new DivergenceRow(
            r.Index,
            r.Description,
            d.View,
            Math.Round(d.SeenAt.TotalSeconds, 1),
            d.ResolvedAt is { } at ? Math.Round(at.TotalSeconds, 1) : null,
            d.Differences.All(x => x.WithinFourDecimalRounding),
            [.. d.Differences.Select(x => x.ToString())]))).ToList();
        return new SoakReport
        {
            Seed = options.Seed,
            Minutes = options.Minutes,
            WindowSeconds = options.Window.TotalSeconds,
            FaultsInjected = faults.Count,
            FaultsByKind = FaultKinds.All.Where(k => faults.Any(f => f.Kind == k)).ToDictionary(k => k.Name(), k => faults.Count(f => f.Kind == k)),
            ConvergeSeconds = DurationSummary.Of(faults.Where(f => f.ConvergedAfter is not null).Select(f => f.ConvergedAfter!.Value)),
            ConvergeSecondsByKind = FaultKinds.All.Where(k => faults.Any(f => f.Kind == k)).ToDictionary(
                k => k.Name(), k => DurationSummary.Of(faults.Where(f => f.Kind == k && f.ConvergedAfter is not null).Select(f => f.ConvergedAfter!.Value))),
            NotConverged = faults.Count(f => f.ConvergedAfter is null),
            Divergences = records.Count(r => r.Divergences.Count > 0),
            DivergencesOnlyFourDecimalRounding = records.Count(r => r.Divergences.Count > 0 && r.Divergences.All(d => d.Differences.All(x => x.WithinFourDecimalRounding))),
            DivergedViews = divergences.Count,
            EventsLost = clients.Sum(c => c.State.Lost),
            EventsRepeated = clients.Sum(c => c.State.Repeated),
            EventsReceived = clients.Sum(c => c.State.Events),
            Snapshots = clients.Sum(c => c.State.Snapshots),
            SseConnections = clients.Sum(c => c.Connections),
            ServerDroppedEvents = totals.ServerDroppedEvents,
            PeakRssMb = totals.PeakRssMb,
            SimulatorPeakRssMb = totals.SimulatorPeakRssMb,
            Restarts = totals.Restarts,
            SigtermExitSeconds = DurationSummary.Of(totals.SigtermExitSeconds),
            SigtermKilled = totals.SigtermKilled,
            Trades = totals.Trades,
            Settlements = totals.Settlements,
            SettledBySoak = totals.SettledBySoak,
            Samples = totals.Samples,
            Repairs = totals.Repairs,
            ElapsedSeconds = totals.ElapsedSeconds,
            DivergenceDetails = divergences,
            Faults = records,
            Machine = machine,
            RunDirectory = runDirectory,
            Command = CommandLine(options),
            Error = error,
        };
    }

    /// <summary>The command line that reproduces the run's schedule.</summary>
    public static string CommandLine(SoakOptions options)
    {
        var command = new StringBuilder("dotnet run -c Release --project KalshiPortfolio.Bench -- soak --minutes ")
            .Append(options.Minutes.ToString(CultureInfo.InvariantCulture))
            .Append(" --seed ").Append(options.Seed.ToString(CultureInfo.InvariantCulture));
        if (options.Faults.Count != FaultKinds.All.Count)
        {
            command.Append(" --faults ").Append(string.Join(',', options.Faults.Select(k => k.Name())));
        }
        if (options.JsonPath is { } json)
        {
            command.Append(" --json ").Append(json);
        }
        return command.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        passed = Passed,
        faults_injected = FaultsInjected,
        faults_by_kind = FaultsByKind,
        converge_seconds = ConvergeSeconds,
        divergences = Divergences,
        events_lost = EventsLost,
        peak_rss_mb = PeakRssMb,
        // beyond the issue's figures
        window_seconds = WindowSeconds,
        not_converged = NotConverged,
        divergences_only_four_decimal_rounding = DivergencesOnlyFourDecimalRounding,
        diverged_views = DivergedViews,
        converge_seconds_by_kind = ConvergeSecondsByKind,
        events_repeated = EventsRepeated,
        events_received = EventsReceived,
        snapshots = Snapshots,
        sse_connections = SseConnections,
        server_dropped_events = ServerDroppedEvents,
        simulator_peak_rss_mb = SimulatorPeakRssMb,
        restarts = Restarts,
        sigterm_exit_seconds = SigtermExitSeconds,
        sigterm_killed = SigtermKilled,
        trades = Trades,
        settlements = Settlements,
        settled_by_soak = SettledBySoak,
        samples = Samples,
        repairs = Repairs,
        seed = Seed,
        minutes = Minutes,
        elapsed_seconds = ElapsedSeconds,
        command = Command,
        error = Error,
        divergence_details = DivergenceDetails,
        faults = Faults.Select(f => new
        {
            index = f.Index,
            kind = f.Kind?.Name(),
            description = f.Description,
            started_at = f.StartedAt,
            active_seconds = f.ActiveSeconds,
            converged_after = f.ConvergedAfter,
            diverged_views = f.Divergences.Select(d => d.View).ToList(),
            note = f.Note,
        }),
        machine = Machine,
        run_directory = RunDirectory,
    }, Json);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Fault soak: {(Passed ? "PASSED" : "FAILED")}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{Command}` — {ElapsedSeconds:0} s, convergence window {WindowSeconds:0.#} s");
        if (Error is not null)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"**Error:** {Error}");
        }
        text.AppendLine();
        text.AppendLine("| faults | converge p50 s | p99 s | max s | not converged | divergences | events lost | peak RSS MB |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {FaultsInjected} | {S(ConvergeSeconds.P50)} | {S(ConvergeSeconds.P99)} | {S(ConvergeSeconds.Max)} | {NotConverged} | {Divergences} | {EventsLost} | {PeakRssMb:0} |");
        text.AppendLine();
        text.AppendLine("| fault | injected | converge p50 s | max s |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (kind, count) in FaultsByKind)
        {
            var summary = ConvergeSecondsByKind[kind];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {count} | {S(summary.P50)} | {S(summary.Max)} |");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"SSE: {EventsReceived} events, {Snapshots} snapshots, {SseConnections} connections, {EventsLost} lost, {EventsRepeated} repeated; the app dropped {ServerDroppedEvents}. " +
            $"Restarts: {Restarts} (SIGTERM exit p50 {S(SigtermExitSeconds.P50)} s, max {S(SigtermExitSeconds.Max)} s, {SigtermKilled} needed a kill). " +
            $"Trades {Trades?.ToString(CultureInfo.InvariantCulture) ?? "?"}, settlements {Settlements?.ToString(CultureInfo.InvariantCulture) ?? "?"} ({SettledBySoak} by the soak); {Samples} comparisons; {Repairs} repairs; simulator peak RSS {SimulatorPeakRssMb:0} MB.");
        if (DivergenceDetails.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## Divergences ({Divergences}, {DivergencesOnlyFourDecimalRounding} of them only within 4-decimal rounding; {DivergedViews} views)");
            text.AppendLine();
            text.AppendLine("| # | fault | views | seen at s | right at s | differences |");
            text.AppendLine("|---:|---|---|---:|---:|---|");
            // Views that saw the same differences at the same moments share a row.
            foreach (var group in DivergenceDetails.GroupBy(d => (d.FaultIndex, d.Fault, d.SeenAtSeconds, d.ResolvedAtSeconds, Differences: string.Join("; ", d.Differences))))
            {
                var d = group.First();
                var shown = string.Join("; ", d.Differences.Take(6)) + (d.Differences.Count > 6 ? $"; +{d.Differences.Count - 6} more" : "");
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {d.FaultIndex} | {d.Fault} | {string.Join(", ", group.Select(g => g.View))} | {d.SeenAtSeconds:0.0} | {S(d.ResolvedAtSeconds)} | {shown.Replace("|", "\\|", StringComparison.Ordinal)} |");
            }
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Cores} cores {Machine.CpuModel}, {Machine.Os}, {Machine.Dotnet}; load {Machine.LoadAverageAtStart} → {Machine.LoadAverageAtEnd}. Logs: {RunDirectory}");
        return text.ToString();
    }

    private static string S(double? seconds) => seconds?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";
}
