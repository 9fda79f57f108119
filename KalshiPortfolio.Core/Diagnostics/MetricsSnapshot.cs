using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Core.Diagnostics;

/// <summary>The app's counters at one moment (since start), as the UI's diagnostics show them.</summary>
public sealed record MetricsSnapshot(
    long Messages,
    long Reconnects,
    long MalformedFrames,
    long DroppedEvents,
    long ReconcileDifferences,
    long CacheWrites,
    long CacheWriteFailures,
    TimeSpan LastCacheWrite,
    IReadOnlyDictionary<KalshiErrorKind, long> RestErrors,
    long SseConnections,
    long QueueDepth)
{
    /// <summary>Items from Kalshi skipped because they could not be used, by kind.</summary>
    public IReadOnlyDictionary<KalshiInputKind, long> SkippedInputs { get; init; } = new Dictionary<KalshiInputKind, long>();
}
