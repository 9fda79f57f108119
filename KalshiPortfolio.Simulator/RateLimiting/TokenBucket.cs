namespace KalshiPortfolio.Simulator.RateLimiting;

/// <summary>A token bucket refilled continuously on a <see cref="TimeProvider"/> (Kalshi's model since 2026-04-23).</summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _refillPerSecond;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(TimeProvider time, double capacity, double refillPerSecond)
    {
        _time = time;
        _capacity = capacity;
        _refillPerSecond = refillPerSecond;
        _tokens = capacity;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Takes <paramref name="cost"/> tokens if the bucket holds them.</summary>
    public bool TryTake(double cost)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds * _refillPerSecond);
            _lastTimestamp = now;
            if (_tokens < cost) return false;
            _tokens -= cost;
            return true;
        }
    }
}
