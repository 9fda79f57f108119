using System.Diagnostics;
using System.Net.Http.Json;
using KalshiPortfolio.Bench.Latency;
using KalshiPortfolio.Bench.Load;
using KalshiPortfolio.Bench.Reporting;
using KalshiPortfolio.Bench.Servers;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;

namespace KalshiPortfolio.Bench;

/// <summary>
/// Runs the tick → SSE scenarios. For each: a fresh simulator account holding the scenario's positions (half YES,
/// half NO, 10 contracts each), then the floor and the app in turn, each a fresh process, each with the same number
/// of SSE clients, the same markets and the same load, measured the same way.
/// </summary>
public sealed class Scenarios(BenchContext context)
{
    private const decimal ContractsPerPosition = 10;
    private const decimal EntryPrice = 0.50m;

    public async Task<ScenarioResult> RunAsync(ScenarioSpec spec)
    {
        var exchange = context.Simulator.Exchange;
        var account = OpenPositions(exchange, spec.Positions, out var tickers);
        var ledger = new PublishLedger(tickers);
        for (var i = 0; i < tickers.Count; i++)
        {
            var (bid, ask) = ledger.Current(i);
            exchange.SetQuote(tickers[i], bid / 100m, ask / 100m);
        }
        var random = new Random(HashCode.Combine(spec.Name, 20260611) & 0x7fffffff);
        var load = new LoadGenerator(ledger, p => exchange.SetQuote(tickers[p.TickerIndex], p.Bid, p.Ask), () => random.Next(tickers.Count));
        var directory = Path.Combine(context.RunDirectory, "scenario-" + spec.Name);

        ServerRun? floor = null, app = null;
        try
        {
            if (context.Options.Floor)
            {
                context.Log($"[{spec.Name}] floor: {spec.Clients} client(s), {spec.UpdatesPerSecond:0.##} updates/s on {spec.Positions} markets");
                floor = await RunFloorAsync(spec, account, tickers, ledger, load, directory);
                context.Log($"[{spec.Name}] floor: p50 {floor.Latency.P50Ms} ms, p99 {floor.Latency.P99Ms} ms, max {floor.Latency.MaxMs} ms, drops {floor.Drops}");
            }
            context.Log($"[{spec.Name}] app: {spec.Clients} client(s), {spec.UpdatesPerSecond:0.##} updates/s on {spec.Positions} positions");
            app = await RunAppAsync(spec, account, ledger, load, directory);
            context.Log($"[{spec.Name}] app: p50 {app.Latency.P50Ms} ms, p99 {app.Latency.P99Ms} ms, max {app.Latency.MaxMs} ms, drops {app.Drops}, peak RSS {app.PeakRssMb} MB, CPU {app.CpuPercent} %");
            return new ScenarioResult(spec, app, floor, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Log($"[{spec.Name}] failed: {ex.GetType().Name}: {ex.Message}");
            return new ScenarioResult(spec, app, floor, ex.Message);
        }
    }

    private static double Median(List<double> sorted) => sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];

    /// <summary>
    /// The unrealized P&amp;L in cents of position <paramref name="index"/> (as <see cref="OpenPositions"/> opens it) at a
    /// quote, marked as the app marks by default (liquidation: a YES holder at the YES bid, a NO holder at 1 − the YES ask).
    /// </summary>
    public static long PnlCents(int index, int bidCents, int askCents) =>
        (long)(ContractsPerPosition * (index % 2 == 0 ? bidCents : 100 - askCents) - ContractsPerPosition * EntryPrice * 100);

    /// <summary>A new account holding one position in each of the first <paramref name="count"/> markets (even: YES, odd: NO).</summary>
    public static AccountCredentials OpenPositions(SimulatedExchange exchange, int count, out List<string> tickers)
    {
        if (exchange.MarketTickers.Count < count)
        {
            throw new InvalidOperationException($"The simulator has {exchange.MarketTickers.Count} markets; {count} positions need more (SyntheticMarkets).");
        }
        tickers = [.. exchange.MarketTickers.Take(count)];
        var account = exchange.CreateAccount(balanceDollars: 1_000_000m);
        for (var i = 0; i < tickers.Count; i++)
        {
            exchange.Trade(account.KeyId, tickers[i], i % 2 == 0 ? ContractSide.Yes : ContractSide.No, TradeAction.Buy, ContractsPerPosition, EntryPrice);
        }
        return account;
    }

    private async Task<ServerRun> RunFloorAsync(ScenarioSpec spec, AccountCredentials account, List<string> tickers, PublishLedger ledger, LoadGenerator load, string directory)
    {
        var (keyFile, tickersFile) = FloorServer.WriteInputs(directory, account.PrivateKeyPem!, tickers);
        var port = ServerProcess.FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        await using var floor = await ServerProcess.StartAsync(
            "floor",
            [context.BenchAssemblyPath, .. FloorServer.Arguments(new FloorServer.Settings(port, context.Simulator.WebSocketUri, account.KeyId, keyFile, tickersFile))],
            AppContext.BaseDirectory,
            baseUri,
            Path.Combine(directory, "floor.log"),
            // The floor runs with server GC, its fastest setting here (the app chose workstation GC for its memory;
            // docs/performance.md): a floor as low as it goes.
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" });

        using var http = new HttpClient { BaseAddress = baseUri };
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (!(await http.GetFromJsonAsync<FloorServer.FloorStats>("/stats"))!.Subscribed)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The floor did not subscribe to the exchange in time.");
            }
            await Task.Delay(50);
        }
        async Task<long?> Dropped() => (await http.GetFromJsonAsync<FloorServer.FloorStats>("/stats"))!.Dropped;
        return await MeasureAsync("floor", spec, floor, new Uri(baseUri, "/sse"), readyOnFirstEvent: false, ledger, load, tickers.Count, Dropped);
    }

    private async Task<ServerRun> RunAppAsync(ScenarioSpec spec, AccountCredentials account, PublishLedger ledger, LoadGenerator load, string directory)
    {
        await using var app = await PortfolioApp.StartAsync(context.WebDirectory, context.Simulator.BaseUri, directory, "app", context.Options.AppSettings);
        var token = await app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);
        await app.WaitForPositionsAsync(token, spec.Positions, TimeSpan.FromSeconds(60));
        return await MeasureAsync("app", spec, app.Process, app.SseUri(token), readyOnFirstEvent: true, ledger, load, spec.Positions, app.ReadDroppedEventsAsync);
    }

    private async Task<ServerRun> MeasureAsync(
        string server,
        ScenarioSpec spec,
        ServerProcess process,
        Uri sseUri,
        bool readyOnFirstEvent,
        PublishLedger ledger,
        LoadGenerator load,
        int tickerCount,
        Func<Task<long?>> serverDropped)
    {
        var window = new MeasurementWindow();
        var capacity = (long)(spec.UpdatesPerSecond * spec.Measure.TotalSeconds * 1.5) + 1000;
        await using var counters = RuntimeCounters.TryStart(process.Pid, out var countersError) is { } c ? c : null;
        await using var pool = new SseClientPool(spec.Clients, ledger, window, capacity);
        var connectStarted = Stopwatch.GetTimestamp();
        await pool.ConnectAsync(sseUri, readyOnFirstEvent, TimeSpan.FromSeconds(180));
        var connected = Stopwatch.GetTimestamp();
        var afterConnect = ProcessStats.ReadMemory(process.Pid);
        context.Log($"[{spec.Name}] {server}: {spec.Clients} client(s) connected in {Stopwatch.GetElapsedTime(connectStarted, connected).TotalSeconds:0.0} s, peak RSS so far {afterConnect?.PeakMb:0} MB");

        // Readiness: every client must see a quote before the load starts (the server's upstream is subscribed).
        var ready = false;
        for (var attempt = 0; attempt < 20 && !ready; attempt++)
        {
            var probe = load.PublishOne(attempt % tickerCount);
            ready = await pool.WaitForSequenceAsync(probe.Sequence, TimeSpan.FromSeconds(3));
        }
        if (!ready)
        {
            throw new TimeoutException($"{server}: not every SSE client received the readiness probes.");
        }

        var droppedBefore = await serverDropped();
        var serverCpu = new ProcessStats.CpuSample[2];
        var benchCpu = new ProcessStats.CpuSample[2];
        var machineCpu = new ProcessStats.MachineSample[2];
        var result = await load.RunAsync(spec.UpdatesPerSecond, spec.Warmup, spec.Measure, window,
            onWindowOpen: () =>
            {
                serverCpu[0] = ProcessStats.SampleCpu(process.Pid);
                benchCpu[0] = ProcessStats.SampleCpu(Environment.ProcessId);
                machineCpu[0] = ProcessStats.SampleMachine();
            },
            onWindowClose: () =>
            {
                serverCpu[1] = ProcessStats.SampleCpu(process.Pid);
                benchCpu[1] = ProcessStats.SampleCpu(Environment.ProcessId);
                machineCpu[1] = ProcessStats.SampleMachine();
            });
        var drained = await pool.DrainAsync(window.EndSequence - 1, spec.Drain, spec.MaxDrain);
        var memory = ProcessStats.ReadMemory(process.Pid);
        var droppedAfter = await serverDropped();
        var runtime = counters?.Summarize(serverCpu[0].Timestamp, serverCpu[1].Timestamp);
        var connectRuntime = counters?.Summarize(connectStarted, connected);

        var serverPercent = ProcessStats.CpuPercent(serverCpu[0], serverCpu[1]);
        var benchPercent = ProcessStats.CpuPercent(benchCpu[0], benchCpu[1]);
        var clients = pool.Clients;
        var expected = window.Count * clients.Count;
        var received = clients.Sum(c => c.Received);
        var notes = new List<string>();
        if (countersError is not null)
        {
            notes.Add("runtime counters unavailable: " + countersError);
        }
        if (!drained)
        {
            notes.Add($"not every client had the window's last publish when they stopped receiving (at most {spec.MaxDrain.TotalSeconds:0} s after it)");
        }
        var errors = clients.Count(c => c.Error is not null);
        var lags = clients.Select(c => Math.Max(0, window.EndSequence - 1 - c.MaxSequence) / spec.UpdatesPerSecond).Order().ToList();
        if (errors > 0)
        {
            notes.Add($"{errors} client(s) lost their stream: {clients.First(c => c.Error is not null).Error!.Message}");
        }
        return new ServerRun
        {
            Server = server,
            Latency = LatencyStats.From(pool.Merged()),
            Published = result.WindowPublished,
            UpdatesPerSecond = Math.Round(result.WindowRate, 2),
            WindowSeconds = Math.Round(result.WindowSeconds, 2),
            Expected = expected,
            Received = received,
            Drops = Math.Max(0, expected - received),
            Duplicates = clients.Sum(c => c.Duplicates),
            Unmatched = clients.Sum(c => c.Unmatched),
            ServerDroppedEvents = droppedAfter - droppedBefore,
            ClientErrors = errors,
            LagAtEndMedianSeconds = Math.Round(Median(lags), 2),
            LagAtEndMaxSeconds = Math.Round(lags.DefaultIfEmpty(0).Max(), 2),
            EventsPerClient = Math.Round(clients.Average(c => (double)c.Events), 1),
            MegabytesPerClient = Math.Round(clients.Average(c => (double)c.DataBytes) / (1024 * 1024), 2),
            PeakRssMb = memory is { } m ? Math.Round(m.PeakMb, 1) : null,
            CpuPercent = Math.Round(serverPercent, 1),
            BenchCpuPercent = Math.Round(benchPercent, 1),
            OtherCpuPercent = Math.Round(Math.Max(0, ProcessStats.MachineCpuPercent(machineCpu[0], machineCpu[1]) - serverPercent - benchPercent), 1),
            LoadMaxLagMs = Math.Round(result.MaxLagMs, 1),
            Runtime = runtime,
            ConnectSeconds = Math.Round(Stopwatch.GetElapsedTime(connectStarted, connected).TotalSeconds, 2),
            RssAfterConnectMb = afterConnect is { } ac ? Math.Round(ac.PeakMb, 1) : null,
            ConnectRuntime = connectRuntime,
            Note = notes.Count == 0 ? null : string.Join("; ", notes),
        };
    }
}
