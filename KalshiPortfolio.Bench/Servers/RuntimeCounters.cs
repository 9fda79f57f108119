using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace KalshiPortfolio.Bench.Servers;

/// <summary>
/// The .NET runtime counters of a server process (what <c>dotnet-counters</c> shows: GCs per generation, allocation
/// rate, time in GC, heap size, lock contention, thread-pool queue), sampled once a second over EventPipe from the
/// <c>System.Runtime</c> event source and summarized over the measurement window. Counter intervals are one second,
/// so the window's edges are fuzzy by up to a second.
/// </summary>
public sealed class RuntimeCounters : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly Lock _gate = new();
    private readonly List<(long Timestamp, string Name, double Value)> _samples = [];

    private RuntimeCounters(EventPipeSession session)
    {
        _session = session;
        _source = new EventPipeEventSource(session.EventStream);
        _source.Dynamic.All += OnEvent;
        _processing = Task.Factory.StartNew(() =>
        {
            try
            {
                _source.Process();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // the session ended with the process
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Starts sampling; null (with the reason in <paramref name="error"/>) when the process cannot be reached.</summary>
    public static RuntimeCounters? TryStart(int pid, out string? error)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, 0,
                new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" });
            var session = client.StartEventPipeSession([provider], requestRundown: false);
            error = null;
            return new RuntimeCounters(session);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            error = ex.Message;
            return null;
        }
    }

    private void OnEvent(TraceEvent e)
    {
        if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
            || outer.TryGetValue("Payload", out var inner) is false || inner is not IDictionary<string, object> payload
            || payload.TryGetValue("Name", out var nameObject) is false || nameObject is not string name)
        {
            return;
        }
        var isSum = payload.TryGetValue("CounterType", out var type) && type as string == "Sum";
        var valueKey = isSum ? "Increment" : "Mean";
        if (!payload.TryGetValue(valueKey, out var raw))
        {
            return;
        }
        var value = Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _samples.Add((Stopwatch.GetTimestamp(), name, value));
        }
    }

    /// <summary>The counters over [<paramref name="from"/>, <paramref name="to"/>] (<see cref="Stopwatch"/> times).</summary>
    public RuntimeSummary Summarize(long from, long to)
    {
        // A sample reports the second before it arrived: take those that arrived inside the window or within a second after.
        var slack = Stopwatch.Frequency;
        List<(long Timestamp, string Name, double Value)> samples;
        lock (_gate)
        {
            samples = [.. _samples.Where(s => s.Timestamp > from && s.Timestamp <= to + slack)];
        }
        var seconds = Math.Max(1e-9, (to - from) / (double)Stopwatch.Frequency);
        double Sum(string name) => samples.Where(s => s.Name == name).Sum(s => s.Value);
        double Max(string name) => samples.Where(s => s.Name == name).Select(s => s.Value).DefaultIfEmpty(0).Max();
        double Mean(string name) => samples.Where(s => s.Name == name).Select(s => s.Value).DefaultIfEmpty(0).Average();
        return new RuntimeSummary(
            Samples: samples.Count,
            Gen0Collections: (long)Sum("gen-0-gc-count"),
            Gen1Collections: (long)Sum("gen-1-gc-count"),
            Gen2Collections: (long)Sum("gen-2-gc-count"),
            AllocatedMbPerSecond: Math.Round(Sum("alloc-rate") / (1024.0 * 1024.0) / seconds, 1),
            TimeInGcPercentMean: Math.Round(Mean("time-in-gc"), 1),
            GcHeapMaxMb: Math.Round(Max("gc-heap-size"), 1),
            LohMaxMb: Math.Round(Max("loh-size") / (1024.0 * 1024.0), 1),
            LockContentionsPerSecond: Math.Round(Sum("monitor-lock-contention-count") / seconds, 1),
            ThreadPoolQueueMax: Math.Round(Max("threadpool-queue-length"), 0),
            ThreadPoolThreadsMax: Math.Round(Max("threadpool-thread-count"), 0),
            ThreadPoolItemsPerSecond: Math.Round(Sum("threadpool-completed-items-count") / seconds, 0),
            ExceptionsPerSecond: Math.Round(Sum("exception-count") / seconds, 1));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _session.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is IOException or ServerNotAvailableException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            // the process is gone
        }
        await _processing.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _source.Dispose();
        _session.Dispose();
    }
}

/// <summary>Runtime counters over a measurement window (sums as totals or per-second rates, gauges as mean or max).</summary>
public sealed record RuntimeSummary(
    int Samples,
    long Gen0Collections,
    long Gen1Collections,
    long Gen2Collections,
    double AllocatedMbPerSecond,
    double TimeInGcPercentMean,
    double GcHeapMaxMb,
    double LohMaxMb,
    double LockContentionsPerSecond,
    double ThreadPoolQueueMax,
    double ThreadPoolThreadsMax,
    double ThreadPoolItemsPerSecond,
    double ExceptionsPerSecond);
