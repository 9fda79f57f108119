using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Core.Diagnostics;

/// <summary>
/// The app's metrics (meter <c>KalshiPortfolio</c>), exported in Prometheus format by the Web app and shown in
/// the UI's diagnostics. Observable gauges read their values from the sources registered here.
/// </summary>
public sealed class PortfolioMetrics : IDisposable
{
    public const string MeterName = "KalshiPortfolio";

    private readonly Meter _meter;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _malformed;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _reconcileDifferences;
    private readonly Counter<long> _cacheWriteFailures;
    private readonly Histogram<double> _cacheWriteDuration;
    private readonly Counter<long> _restErrors;
    private readonly Counter<long> _skippedItems;
    private readonly UpDownCounter<long> _sseConnections;
    private Func<IEnumerable<Measurement<int>>> _upstreamStates = () => [];
    private Func<IEnumerable<Measurement<double>>> _upstreamUptime = () => [];
    private Func<long> _queueDepth = () => 0;
    private readonly ConcurrentDictionary<KalshiErrorKind, long> _restErrorCounts = new();
    private readonly ConcurrentDictionary<KalshiInputKind, long> _skippedCounts = new();
    private long _messageCount;
    private long _sseConnectionCount;
    private long _reconnectCount;
    private long _malformedCount;
    private long _droppedCount;
    private long _differenceCount;
    private long _cacheWriteCount;
    private long _cacheWriteFailureCount;
    private long _lastCacheWriteTicks;

    public PortfolioMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _reconnects = _meter.CreateCounter<long>("kp.upstream.reconnects", "{reconnect}", "Reconnections of users' Kalshi WebSockets.");
        _messages = _meter.CreateCounter<long>("kp.upstream.messages", "{message}", "Messages received from Kalshi WebSockets (rate = messages per second).");
        _malformed = _meter.CreateCounter<long>("kp.upstream.malformed_frames", "{frame}", "Frames from Kalshi that could not be read, ignored.");
        _dropped = _meter.CreateCounter<long>("kp.fanout.dropped_events", "{event}", "Events dropped for slow subscribers (drop-oldest queues).");
        _reconcileDifferences = _meter.CreateCounter<long>("kp.reconcile.differences", "{position}", "Positions corrected by a REST snapshot (Kalshi wins).");
        _cacheWriteFailures = _meter.CreateCounter<long>("kp.cache.write_failures", "{write}", "Failed position-cache writes (retried).");
        _cacheWriteDuration = _meter.CreateHistogram<double>("kp.cache.write_duration", "ms", "Duration of a position-cache write batch.");
        _restErrors = _meter.CreateCounter<long>("kp.kalshi.rest_errors", "{error}", "Kalshi REST errors by kind.");
        _skippedItems = _meter.CreateCounter<long>("kp.kalshi.skipped_items", "{item}", "Items from Kalshi (REST rows, WebSocket messages) that could not be used and were skipped, by kind.");
        _sseConnections = _meter.CreateUpDownCounter<long>("kp.sse.connections", "{connection}", "Open SSE connections.");
        _meter.CreateObservableGauge("kp.upstream.users", () => _upstreamStates(), "{user}", "Users by upstream connection state.");
        _meter.CreateObservableGauge("kp.upstream.uptime", () => _upstreamUptime(), "s", "Seconds since each user's upstream last connected.");
        _meter.CreateObservableGauge("kp.fanout.queue_depth", () => _queueDepth(), "{event}", "Events waiting in subscribers' queues.");
    }

    /// <summary>Messages received since start (the UI derives messages per second from it).</summary>
    public long MessageCount => Interlocked.Read(ref _messageCount);

    public void Reconnected()
    {
        Interlocked.Increment(ref _reconnectCount);
        _reconnects.Add(1);
    }

    public void MessageReceived()
    {
        Interlocked.Increment(ref _messageCount);
        _messages.Add(1);
    }

    public void MalformedFrame()
    {
        Interlocked.Increment(ref _malformedCount);
        _malformed.Add(1);
    }

    public void EventDropped()
    {
        Interlocked.Increment(ref _droppedCount);
        _dropped.Add(1);
    }

    public void ReconcileDifferences(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _differenceCount, count);
            _reconcileDifferences.Add(count);
        }
    }

    public void CacheWrite(TimeSpan duration, bool succeeded)
    {
        _cacheWriteDuration.Record(duration.TotalMilliseconds);
        Interlocked.Increment(ref _cacheWriteCount);
        Interlocked.Exchange(ref _lastCacheWriteTicks, duration.Ticks);
        if (!succeeded)
        {
            Interlocked.Increment(ref _cacheWriteFailureCount);
            _cacheWriteFailures.Add(1);
        }
    }

    public void RestError(KalshiErrorKind kind)
    {
        _restErrorCounts.AddOrUpdate(kind, 1, static (_, n) => n + 1);
        _restErrors.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));
    }

    /// <summary>An item from Kalshi could not be used (out of range, missing, garbage) and was skipped.</summary>
    public void SkippedInput(KalshiInputKind kind)
    {
        _skippedCounts.AddOrUpdate(kind, 1, static (_, n) => n + 1);
        _skippedItems.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));
    }

    /// <summary>The figures of this app so far, for the UI's diagnostics (the exporter reads the instruments).</summary>
    public MetricsSnapshot Snapshot() => new(
        Messages: MessageCount,
        Reconnects: Interlocked.Read(ref _reconnectCount),
        MalformedFrames: Interlocked.Read(ref _malformedCount),
        DroppedEvents: Interlocked.Read(ref _droppedCount),
        ReconcileDifferences: Interlocked.Read(ref _differenceCount),
        CacheWrites: Interlocked.Read(ref _cacheWriteCount),
        CacheWriteFailures: Interlocked.Read(ref _cacheWriteFailureCount),
        LastCacheWrite: TimeSpan.FromTicks(Interlocked.Read(ref _lastCacheWriteTicks)),
        RestErrors: _restErrorCounts.ToDictionary(kv => kv.Key, kv => kv.Value),
        SseConnections: SseConnections,
        QueueDepth: _queueDepth())
    {
        SkippedInputs = _skippedCounts.ToDictionary(kv => kv.Key, kv => kv.Value),
    };

    /// <summary>Open SSE connections of this app (the exported gauge sums every meter of the name in the process).</summary>
    public long SseConnections => Interlocked.Read(ref _sseConnectionCount);

    public void SseConnected()
    {
        Interlocked.Increment(ref _sseConnectionCount);
        _sseConnections.Add(1);
    }

    public void SseDisconnected()
    {
        Interlocked.Decrement(ref _sseConnectionCount);
        _sseConnections.Add(-1);
    }

    /// <summary>Where the observable gauges read upstream states, uptimes and queue depth.</summary>
    public void Observe(
        Func<IEnumerable<Measurement<int>>> upstreamStates,
        Func<IEnumerable<Measurement<double>>> upstreamUptime,
        Func<long> queueDepth)
    {
        _upstreamStates = upstreamStates;
        _upstreamUptime = upstreamUptime;
        _queueDepth = queueDepth;
    }

    public void Dispose() => _meter.Dispose();
}
