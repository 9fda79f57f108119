namespace KalshiPortfolio.Bench.Soak;

/// <summary>
/// The soak's random schedule, reproducible from a seed: the faults (every allowed kind once, in a random order,
/// then again in a new order, so a run of n × kinds faults injects each kind n times), their parameters, the quiet
/// spells between them and the moments markets are settled.
/// </summary>
public sealed class FaultPlanner
{
    /// <summary>The parameter ranges (inclusive).</summary>
    public static class Ranges
    {
        public static readonly (int Min, int Max) RefuseSeconds = (5, 25);
        public static readonly (int Min, int Max) MalformedFrames = (5, 60);
        public static readonly (int Min, int Max) RestErrorCount = (3, 40);
        public static readonly (int Min, int Max) RateLimitedCount = (5, 40);
        public static readonly (int Min, int Max) LatencyMs = (200, 3000);
        public static readonly (int Min, int Max) LatencySeconds = (5, 20);
        public static readonly (int Min, int Max) SilenceSeconds = (5, 40);
        public static readonly (int Min, int Max) MaintenanceSeconds = (5, 30);
        public static readonly (int Min, int Max) PauseSeconds = (5, 20);
        public static readonly (int Min, int Max) QuietMs = (3000, 8000);
        public static readonly (int Min, int Max) SettleEveryMs = (10_000, 30_000);
        public static readonly IReadOnlyList<int> ServerErrors = [500, 502, 503, 504];
    }

    private readonly Random _random;
    private readonly IReadOnlyList<FaultKind> _kinds;
    private readonly Queue<FaultKind> _bag = new();

    public FaultPlanner(int seed, IReadOnlyList<FaultKind>? kinds = null)
    {
        _random = new Random(seed);
        _kinds = kinds is { Count: > 0 } ? [.. kinds.Distinct()] : FaultKinds.All;
    }

    public IReadOnlyList<FaultKind> Kinds => _kinds;

    /// <summary>The next fault.</summary>
    public FaultSpec Next()
    {
        if (_bag.Count == 0)
        {
            foreach (var kind in _kinds.OrderBy(_ => _random.Next()))
            {
                _bag.Enqueue(kind);
            }
        }
        var next = _bag.Dequeue();
        if (next != FaultKind.Combined)
        {
            return FaultSpec.Single(Part(next));
        }
        var first = Part(FaultKinds.Exchange[_random.Next(FaultKinds.Exchange.Count)]);
        var others = FaultKinds.Exchange.Where(k => new FaultPart(k).Group != first.Group).ToList();
        var second = Part(others[_random.Next(others.Count)]);
        return new FaultSpec(FaultKind.Combined, [first, second]);
    }

    /// <summary>How long to stay fault-free (and keep checking) after a fault has converged.</summary>
    public TimeSpan NextQuiet() => TimeSpan.FromMilliseconds(Between(Ranges.QuietMs));

    /// <summary>How long until the next settlement of a held market.</summary>
    public TimeSpan NextSettlement() => TimeSpan.FromMilliseconds(Between(Ranges.SettleEveryMs));

    /// <summary>Picks one of <paramref name="count"/> items (the market to settle).</summary>
    public int Pick(int count) => _random.Next(count);

    /// <summary>A settlement result: true = YES.</summary>
    public bool NextResult() => _random.Next(2) == 0;

    private FaultPart Part(FaultKind kind) => kind switch
    {
        FaultKind.Refuse => new FaultPart(kind, Duration: Seconds(Ranges.RefuseSeconds)),
        FaultKind.Malformed => new FaultPart(kind, Count: Between(Ranges.MalformedFrames)),
        FaultKind.RestErrors => new FaultPart(kind, Count: Between(Ranges.RestErrorCount), Status: Ranges.ServerErrors[_random.Next(Ranges.ServerErrors.Count)]),
        FaultKind.RateLimited => new FaultPart(kind, Count: Between(Ranges.RateLimitedCount), Status: 429),
        FaultKind.Latency => new FaultPart(kind, Duration: Seconds(Ranges.LatencySeconds), LatencyMs: Between(Ranges.LatencyMs)),
        FaultKind.Silence => new FaultPart(kind, Duration: Seconds(Ranges.SilenceSeconds)),
        FaultKind.Maintenance => new FaultPart(kind, Duration: Seconds(Ranges.MaintenanceSeconds)),
        FaultKind.TradingPause => new FaultPart(kind, Duration: Seconds(Ranges.PauseSeconds)),
        _ => new FaultPart(kind),
    };

    private int Between((int Min, int Max) range) => _random.Next(range.Min, range.Max + 1);

    private TimeSpan Seconds((int Min, int Max) range) => TimeSpan.FromSeconds(Between(range));
}
