namespace KalshiPortfolio.Simulator.Faults;

/// <summary>
/// The injected faults (<c>/_sim/faults</c>). Durations run on the simulator's <see cref="TimeProvider"/>.
/// Maintenance (<c>exchange_active</c>/<c>trading_active</c>) is the exchange's own status, not kept here.
/// </summary>
public sealed class FaultState(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _restFailuresRemaining;
    private int _restFailureStatus;
    private int _malformedFramesRemaining;
    private DateTimeOffset? _refuseWebSocketsUntil;
    private DateTimeOffset? _silenceUntil;
    private long _silencedTicks; // ticks of _silenceUntil, for a lock-free check on the hot path
    private int _latencyMs;

    /// <summary>HTTP statuses <c>rest_failures</c> accepts.</summary>
    public static readonly IReadOnlySet<int> RestFailureStatuses = new HashSet<int> { 429, 500, 502, 503, 504 };

    /// <summary>Makes the next <paramref name="count"/> REST requests fail with <paramref name="status"/>.</summary>
    public void FailRestRequests(int status, int count)
    {
        if (!RestFailureStatuses.Contains(status)) throw new ArgumentOutOfRangeException(nameof(status), status, "unsupported status");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _restFailureStatus = status;
            _restFailuresRemaining = count;
        }
    }

    /// <summary>Consumes one pending REST failure, if any.</summary>
    public bool TryConsumeRestFailure(out int status)
    {
        lock (_gate)
        {
            status = _restFailureStatus;
            if (_restFailuresRemaining <= 0) return false;
            _restFailuresRemaining--;
            return true;
        }
    }

    /// <summary>Added latency on every REST request.</summary>
    public TimeSpan Latency => TimeSpan.FromMilliseconds(Volatile.Read(ref _latencyMs));

    public void SetLatency(int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        Volatile.Write(ref _latencyMs, milliseconds);
    }

    /// <summary>Makes the next <paramref name="count"/> WebSocket data frames sent (to any socket) garbage text.</summary>
    public void SendMalformedFrames(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate) _malformedFramesRemaining = count;
    }

    public bool TryConsumeMalformedFrame()
    {
        if (Volatile.Read(ref _malformedFramesRemaining) <= 0) return false;
        lock (_gate)
        {
            if (_malformedFramesRemaining <= 0) return false;
            _malformedFramesRemaining--;
            return true;
        }
    }

    /// <summary>Refuses new WebSocket upgrades (HTTP 503) for <paramref name="duration"/>.</summary>
    public void RefuseWebSockets(TimeSpan duration)
    {
        lock (_gate) _refuseWebSocketsUntil = time.GetUtcNow() + duration;
    }

    public bool RefusingWebSockets
    {
        get
        {
            lock (_gate) return _refuseWebSocketsUntil is { } until && time.GetUtcNow() < until;
        }
    }

    /// <summary>Keeps every socket open but sends nothing, pings included, for <paramref name="duration"/>.</summary>
    public void Silence(TimeSpan duration)
    {
        lock (_gate)
        {
            _silenceUntil = time.GetUtcNow() + duration;
            Volatile.Write(ref _silencedTicks, _silenceUntil.Value.UtcTicks);
        }
    }

    public bool IsSilenced
    {
        get
        {
            var until = Volatile.Read(ref _silencedTicks);
            return until != 0 && time.GetUtcNow().UtcTicks < until;
        }
    }

    /// <summary>Clears every fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _restFailuresRemaining = 0;
            _malformedFramesRemaining = 0;
            _refuseWebSocketsUntil = null;
            _silenceUntil = null;
            Volatile.Write(ref _silencedTicks, 0);
            Volatile.Write(ref _latencyMs, 0);
        }
    }

    /// <summary>What is active now.</summary>
    public FaultSnapshot Snapshot()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return new FaultSnapshot(
                _restFailuresRemaining > 0 ? new RestFailureSnapshot(_restFailureStatus, _restFailuresRemaining) : null,
                Volatile.Read(ref _latencyMs),
                _malformedFramesRemaining,
                _refuseWebSocketsUntil is { } r && r > now ? r : null,
                _silenceUntil is { } s && s > now ? s : null);
        }
    }
}

/// <summary>The active faults.</summary>
public sealed record FaultSnapshot(
    RestFailureSnapshot? RestFailures,
    int LatencyMs,
    int MalformedFrames,
    DateTimeOffset? RefuseWebSocketsUntil,
    DateTimeOffset? SilenceUntil);

public sealed record RestFailureSnapshot(int Status, int Remaining);
