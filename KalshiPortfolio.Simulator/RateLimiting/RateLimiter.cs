using System.Collections.Concurrent;

namespace KalshiPortfolio.Simulator.RateLimiting;

/// <summary>One token bucket per account key id (or per client address for unsigned requests).</summary>
internal sealed class RateLimiter(SimulatorOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string client) =>
        _buckets.GetOrAdd(client, _ => new TokenBucket(time, options.RateLimitBucketCapacity, options.RateLimitTokensPerSecond))
            .TryTake(options.RateLimitTokensPerRequest);
}
