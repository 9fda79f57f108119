using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KalshiPortfolio.Bench.Servers;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>
/// The fault soak: the simulator and the app as processes of their own, the demo account signed in, SSE clients
/// connected; then, until the time is up, one fault after another from <see cref="FaultPlanner"/> while the demo
/// account trades and markets settle. After each fault ends (and at the start and the end) the app's REST figures
/// and every SSE client's are compared with the exchange's until they all agree; a view that still disagrees when
/// the convergence window closes is a divergence. Fault-free spells are checked too.
/// </summary>
public sealed class SoakRunner(SoakOptions options, string simulatorDirectory, string webDirectory, string runDirectory, Action<string> log)
{
    /// <summary>How long after the window a diverged view is still followed, to say how long it stayed wrong.</summary>
    public static readonly TimeSpan WatchBeyondWindow = TimeSpan.FromSeconds(30);

    /// <summary>How long SIGTERM may take before the app is killed.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(35);

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StartWatch = TimeSpan.FromSeconds(60);

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<FaultRecord> _records = [];
    private readonly List<double> _sigtermExits = [];
    private SimulatorControl _control = null!;
    private SoakApp _app = null!;
    private List<SoakSseClient> _clients = [];
    private string _keyId = "";
    private string _token = "";
    private int _samples;
    private int _repairs;
    private int _sigtermKilled;
    private int _settledBySoak;

    public async Task<SoakReport> RunAsync(CancellationToken cancellationToken)
    {
        var machineLoad = Reporting.MachineInfo.LoadAverage();
        var simulatorPort = ServerProcess.FreePort();
        var simulatorUri = new Uri($"http://127.0.0.1:{simulatorPort}/");
        Log($"simulator at {simulatorUri}, app from {webDirectory}; logs in {runDirectory}");
        await using var simulator = await ServerProcess.StartAsync(
            "simulator",
            [
                Path.Combine(simulatorDirectory, "KalshiPortfolio.Simulator.dll"),
                "--Simulator:Url=" + simulatorUri.ToString().TrimEnd('/'),
                "--Simulator:Seed=" + options.Seed.ToString(CultureInfo.InvariantCulture),
                "--Simulator:DemoAccountTradesPerMinute=" + options.TradesPerMinute.ToString(CultureInfo.InvariantCulture),
            ],
            simulatorDirectory,
            simulatorUri,
            Path.Combine(runDirectory, "simulator.log"),
            healthPath: "/_sim/faults");
        using var control = new SimulatorControl(simulatorUri);
        _control = control;
        var (keyId, privateKey) = await control.DemoAccountAsync(cancellationToken);
        _keyId = keyId;

        await using var app = new SoakApp(webDirectory, simulatorUri, runDirectory, options.AppSettings);
        _app = app;
        await app.StartAsync();
        _token = await app.AuthenticateAsync(keyId, privateKey);
        Log($"app at {app.BaseUri} signed in as the demo account; {options.SseClients} SSE client(s)");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sseHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _clients = [.. Enumerable.Range(0, options.SseClients).Select(i => new SoakSseClient(i, sseHttp, () => app.SseUri(_token)))];
        var background = new List<Task>(_clients.Select(c => Task.Run(() => c.RunAsync(stop.Token), CancellationToken.None)))
        {
            Task.Run(() => SampleMemoryAsync(stop.Token), CancellationToken.None),
        };
        var simulatorPeak = new double[1];

        string? error = null;
        ExchangeAccount? first = null, last = null;
        try
        {
            var start = await TrackAsync(null, "start", 0, TimeSpan.Zero, StartWatch, StartWatch, null, cancellationToken);
            if (start.ConvergedAfter is null)
            {
                throw new InvalidOperationException("The app never agreed with the exchange before the first fault: " + string.Join("; ", start.Divergences.Select(d => $"{d.View}: {string.Join(", ", d.Differences.Take(5))}")));
            }
            first = await control.AccountAsync(keyId, cancellationToken);
            background.Add(Task.Run(() => SettleAsync(stop.Token), CancellationToken.None));

            var planner = new FaultPlanner(options.Seed, options.Faults);
            var deadline = Stopwatch.GetTimestamp() + (long)(options.Minutes * 60 * Stopwatch.Frequency);
            var index = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var fault = planner.Next();
                var left = TimeSpan.FromSeconds((deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                if (left < fault.MaxActive + options.Window + TimeSpan.FromSeconds(1))
                {
                    break;
                }
                index++;
                await InjectAndTrackAsync(index, fault, cancellationToken);
                await QuietAsync(planner.NextQuiet(), fault, cancellationToken);
            }

            await control.ClearFaultsAsync(cancellationToken);
            var end = await TrackAsync(null, "end", index + 1, TimeSpan.Zero, options.Window, options.Window + WatchBeyondWindow, null, cancellationToken);
            last = await control.AccountAsync(keyId, cancellationToken);
            Log($"end: {(end.ConvergedAfter is { } c ? $"agreed after {c:0.0} s" : "did not agree")}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            error = ex.Message;
            Log("failed: " + ex);
        }
        finally
        {
            await stop.CancelAsync();
            await app.SampleAsync();
            simulatorPeak[0] = ProcessStats.ReadMemory(simulator.Pid)?.PeakMb ?? 0;
            try
            {
                await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
            }
        }

        var machine = Reporting.MachineInfo.Read(machineLoad) with { LoadAverageAtEnd = Reporting.MachineInfo.LoadAverage() };
        return SoakReport.Build(options, _records, _clients.Select(c => (c.View, c.State, c.Connections)).ToList(), new SoakTotals(
            Samples: _samples,
            Repairs: _repairs,
            Restarts: app.Starts - 1,
            SigtermExitSeconds: _sigtermExits,
            SigtermKilled: _sigtermKilled,
            Trades: first is not null && last is not null ? last.FillCount - first.FillCount : null,
            Settlements: first is not null && last is not null ? last.SettlementCount - first.SettlementCount : null,
            SettledBySoak: _settledBySoak,
            ServerDroppedEvents: app.DroppedEvents,
            PeakRssMb: Math.Round(app.PeakRssMb, 1),
            SimulatorPeakRssMb: Math.Round(simulatorPeak[0], 1),
            ElapsedSeconds: Math.Round(Elapsed().TotalSeconds, 1)), machine, runDirectory, error);
    }

    private async Task InjectAndTrackAsync(int index, FaultSpec fault, CancellationToken cancellationToken)
    {
        var startedAt = Elapsed();
        Log($"fault {index}: {fault}");
        var note = await InjectAsync(fault, cancellationToken);
        var active = Elapsed() - startedAt;
        var record = await TrackAsync(fault.Kind, fault.ToString(), index, active, options.Window, options.Window + WatchBeyondWindow, note, cancellationToken, startedAt);
        if (record.ConvergedAfter is null)
        {
            await RepairAsync(index, cancellationToken, faultRecord: true);
        }
    }

    /// <summary>Starts the fault and returns when it is over (a restarted app is back, a count used up, a duration run out).</summary>
    private async Task<string?> InjectAsync(FaultSpec fault, CancellationToken cancellationToken)
    {
        if (fault.IsRestart)
        {
            var graceful = fault.Kind == FaultKind.RestartGraceful;
            var (elapsed, killed) = await _app.StopAsync(graceful, ShutdownGrace);
            await _app.StartAsync();
            if (!graceful)
            {
                return "SIGKILL";
            }
            _sigtermExits.Add(elapsed.TotalSeconds);
            if (killed)
            {
                _sigtermKilled++;
            }
            return killed
                ? $"SIGTERM: still running after {ShutdownGrace.TotalSeconds:0} s, killed"
                : $"SIGTERM: exited in {elapsed.TotalSeconds:0.00} s";
        }

        var body = new JsonObject();
        foreach (var part in fault.Parts)
        {
            foreach (var (key, value) in part.StartBody())
            {
                body[key] = value?.DeepClone();
            }
        }
        await _control.SetFaultsAsync(body, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var pending = fault.Parts.ToList();
        var notes = new List<string>();
        while (pending.Count > 0)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var faults = pending.Any(p => p.Ending == FaultEnding.Consumed) ? await _control.FaultsAsync(cancellationToken) : default;
            foreach (var part in pending.ToList())
            {
                var over = part.Ending switch
                {
                    FaultEnding.Instant => true,
                    FaultEnding.Timed => elapsed >= part.Duration,
                    _ => part.IsConsumed(faults) || elapsed >= FaultPart.ConsumeLimit,
                };
                if (!over)
                {
                    continue;
                }
                if (part.Ending == FaultEnding.Consumed)
                {
                    notes.Add(part.IsConsumed(faults)
                        ? $"{part.Kind.Name()} used up in {elapsed.TotalSeconds:0.0} s"
                        : $"{part.Kind.Name()} not used up in {FaultPart.ConsumeLimit.TotalSeconds:0} s ({Remaining(part, faults)} left): cleared");
                }
                if (part.EndBody() is { } end && (part.Ending != FaultEnding.Consumed || !part.IsConsumed(faults)))
                {
                    await _control.SetFaultsAsync(end, cancellationToken);
                }
                pending.Remove(part);
            }
            if (pending.Count > 0)
            {
                await Task.Delay(SampleInterval, cancellationToken);
            }
        }
        return notes.Count == 0 ? null : string.Join("; ", notes);
    }

    private static string Remaining(FaultPart part, System.Text.Json.JsonElement faults) => part.Kind == FaultKind.Malformed
        ? faults.GetProperty("malformed_frames").GetInt32().ToString(CultureInfo.InvariantCulture)
        : faults.GetProperty("rest_failures").GetProperty("remaining").GetInt32().ToString(CultureInfo.InvariantCulture);

    /// <summary>After a fault that never converged: force a reconnect, then a restart, so the next faults are measured from a sound state.</summary>
    private async Task RepairAsync(int index, CancellationToken cancellationToken, bool faultRecord)
    {
        _repairs++;
        Log($"{(faultRecord ? $"fault {index}" : "the fault-free check")} did not converge: dropping the app's socket to repair");
        await _control.SetFaultsAsync(new JsonObject { ["drop_websockets"] = true }, cancellationToken);
        var dropped = await TrackSilentlyAsync(options.Window + WatchBeyondWindow, cancellationToken);
        if (dropped is not null)
        {
            Log($"repaired by a reconnect after {dropped:0.0} s");
            Annotate(index, faultRecord, $"repaired by a reconnect ({dropped:0.0} s after the drop)");
            return;
        }
        Log("still not converged: restarting the app to repair");
        await _app.StopAsync(graceful: true, ShutdownGrace);
        await _app.StartAsync();
        var restarted = await TrackSilentlyAsync(options.Window + WatchBeyondWindow, cancellationToken);
        Annotate(index, faultRecord, restarted is { } r ? $"repaired by a restart ({r:0.0} s after it)" : "not repaired by a reconnect nor a restart");
    }

    private void Annotate(int index, bool faultRecord, string note)
    {
        var i = _records.FindLastIndex(r => r.Index == index && (r.Kind is not null) == faultRecord);
        if (i >= 0)
        {
            _records[i] = _records[i] with { Note = _records[i].Note is { } n ? n + "; " + note : note };
        }
    }

    /// <summary>Fault-free: keeps checking; a disagreement that outlasts the window is a divergence of its own.</summary>
    private async Task QuietAsync(TimeSpan quiet, FaultSpec after, CancellationToken cancellationToken)
    {
        var end = Elapsed() + quiet;
        while (Elapsed() < end)
        {
            var views = await SampleAsync(cancellationToken);
            if (views.Any(v => !v.Agrees))
            {
                var record = await FollowAsync(null, $"fault-free check after {after.Kind.Name()}", _records.LastOrDefault()?.Index ?? 0, TimeSpan.Zero,
                    options.Window, options.Window + WatchBeyondWindow, null, cancellationToken, record: false, firstSample: views);
                if (!record.ConvergedInWindow)
                {
                    _records.Add(record.Record);
                    Log($"fault-free spell: a view disagreed for longer than the window ({Describe(record.Record)})");
                    if (record.Record.ConvergedAfter is null)
                    {
                        await RepairAsync(record.Record.Index, cancellationToken, faultRecord: false);
                    }
                }
                return;
            }
            await Task.Delay(SampleInterval, cancellationToken);
        }
    }

    private async Task<double?> TrackSilentlyAsync(TimeSpan watch, CancellationToken cancellationToken)
    {
        var tracked = await FollowAsync(null, "repair", 0, TimeSpan.Zero, watch, watch, null, cancellationToken, record: false);
        return tracked.Record.ConvergedAfter;
    }

    private sealed record Tracked(FaultRecord Record, bool ConvergedInWindow);

    private async Task<FaultRecord> TrackAsync(FaultKind? kind, string description, int index, TimeSpan active, TimeSpan window, TimeSpan watch, string? note,
        CancellationToken cancellationToken, TimeSpan? startedAt = null) =>
        (await FollowAsync(kind, description, index, active, window, watch, note, cancellationToken, record: true, startedAt: startedAt)).Record;

    /// <summary>Samples until every view agrees with the exchange or the watch is over.</summary>
    private async Task<Tracked> FollowAsync(FaultKind? kind, string description, int index, TimeSpan active, TimeSpan window, TimeSpan watch, string? note,
        CancellationToken cancellationToken, bool record, IReadOnlyList<ViewSample>? firstSample = null, TimeSpan? startedAt = null)
    {
        var began = Stopwatch.GetTimestamp();
        var tracker = new ConvergenceTracker(window, watch);
        if (firstSample is not null)
        {
            tracker.Add(TimeSpan.Zero, firstSample);
        }
        while (!tracker.Finished)
        {
            if (tracker.Samples > 0)
            {
                await Task.Delay(SampleInterval, cancellationToken);
            }
            var views = await SampleAsync(cancellationToken);
            tracker.Add(Stopwatch.GetElapsedTime(began), views);
        }
        var result = new FaultRecord
        {
            Index = index,
            Kind = kind,
            Description = description,
            StartedAt = Math.Round((startedAt ?? Elapsed() - Stopwatch.GetElapsedTime(began)).TotalSeconds, 1),
            ActiveSeconds = Math.Round(active.TotalSeconds, 2),
            ConvergedAfter = tracker.ConvergedAt is { } at ? Math.Round(at.TotalSeconds, 3) : null,
            Divergences = tracker.Divergences,
            Note = note,
        };
        if (record)
        {
            _records.Add(result);
            Log($"  {Describe(result)}");
        }
        return new Tracked(result, tracker.ConvergedInWindow);
    }

    private static string Describe(FaultRecord record)
    {
        var converged = record.ConvergedAfter is { } c ? $"agreed after {c:0.00} s" : "did NOT agree";
        var divergences = record.Divergences.Count == 0
            ? ""
            : "; diverged: " + string.Join(" | ", record.Divergences.Select(d =>
                $"{d.View} at {d.SeenAt.TotalSeconds:0.0} s ({(d.ResolvedAt is { } r ? $"right at {r.TotalSeconds:0.0} s" : "unresolved")}): {string.Join(", ", d.Differences.Take(4))}{(d.Differences.Count > 4 ? $" (+{d.Differences.Count - 4} more)" : "")}"));
        return $"{record.Description}: {converged}{divergences}{(record.Note is { } n ? $" [{n}]" : "")}";
    }

    /// <summary>
    /// One comparison: the exchange, the app's REST figures and every SSE client's, the exchange again. A view agrees
    /// when it equals the exchange before or after (a trade may land between the reads).
    /// </summary>
    private async Task<IReadOnlyList<ViewSample>> SampleAsync(CancellationToken cancellationToken)
    {
        _samples++;
        var before = (await _control.AccountAsync(_keyId, cancellationToken)).Figures;
        var (rest, problem) = await _app.ReadAsync(_token, cancellationToken);
        var sse = _clients.Select(c => (c.View, Figures: c.State.Figures())).ToList();
        var after = (await _control.AccountAsync(_keyId, cancellationToken)).Figures;

        var views = new List<ViewSample>(1 + sse.Count) { Compare("rest", rest, problem, before, after) };
        views.AddRange(sse.Select(s => Compare(s.View, s.Figures, s.Figures is null ? Figure.Unavailable : null, before, after)));
        return views;
    }

    private static ViewSample Compare(string view, AccountFigures? figures, Figure? problem, AccountFigures before, AccountFigures after)
    {
        if (figures is null)
        {
            return new ViewSample(view, [new FigureDifference(null, problem ?? Figure.Unavailable, null, null)]);
        }
        var differences = FigureComparer.Compare(after, figures);
        if (differences.Count > 0 && FigureComparer.Compare(before, figures).Count == 0)
        {
            differences = [];
        }
        if (problem == Figure.NotLive)
        {
            differences = [.. differences, new FigureDifference(null, Figure.NotLive, null, null)];
        }
        return new ViewSample(view, differences);
    }

    /// <summary>Settles a held market now and then (not during maintenance or a trading pause).</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        var plan = new FaultPlanner(unchecked(options.Seed * 31 + 1));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(plan.NextSettlement(), cancellationToken);
                var account = await _control.AccountAsync(_keyId, cancellationToken);
                if (!account.TradingActive || account.Figures.Positions.Count == 0)
                {
                    continue;
                }
                var held = account.Figures.Positions.Keys.Order(StringComparer.Ordinal).ToList();
                var ticker = held[plan.Pick(held.Count)];
                var yes = plan.NextResult();
                if (await _control.SettleAsync(ticker, yes, cancellationToken))
                {
                    Interlocked.Increment(ref _settledBySoak);
                    Log($"  settled {ticker} {(yes ? "yes" : "no")}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (HttpRequestException ex)
        {
            Log("settlements stopped: " + ex.Message);
        }
    }

    private async Task SampleMemoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await _app.SampleAsync();
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private TimeSpan Elapsed() => Stopwatch.GetElapsedTime(_started);

    private void Log(string message) => log($"[{Elapsed().TotalSeconds,6:0.0}s] {message}");
}
