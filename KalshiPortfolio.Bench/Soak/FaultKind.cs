namespace KalshiPortfolio.Bench.Soak;

/// <summary>What the soak does to the exchange or the app: the simulator's whole fault API, and app restarts.</summary>
public enum FaultKind
{
    /// <summary><c>drop_websockets</c>: every socket dropped without a Close frame.</summary>
    Drop,

    /// <summary><c>drop_websockets</c> + <c>refuse_websockets_seconds</c>: dropped, and new upgrades answer 503 for a while.</summary>
    Refuse,

    /// <summary><c>malformed_frames</c>: the next N frames sent are garbage.</summary>
    Malformed,

    /// <summary><c>rest_failures</c> with 500, 502, 503 or 504: the next N REST requests fail.</summary>
    RestErrors,

    /// <summary><c>rest_failures</c> with 429: a burst of rate-limit refusals.</summary>
    RateLimited,

    /// <summary><c>latency_ms</c>: every REST request waits, for a while.</summary>
    Latency,

    /// <summary><c>silence_seconds</c>: sockets open, nothing sent (pings included).</summary>
    Silence,

    /// <summary><c>exchange_active: false</c>: maintenance (portfolio REST answers 503, trading paused).</summary>
    Maintenance,

    /// <summary><c>trading_active: false</c>: a trading pause (no fills, no price moves, no settlements).</summary>
    TradingPause,

    /// <summary>Two of the exchange faults above at once.</summary>
    Combined,

    /// <summary>The app stopped with SIGTERM (graceful shutdown), then started again on the same address and data.</summary>
    RestartGraceful,

    /// <summary>The app killed with SIGKILL, then started again on the same address and data.</summary>
    RestartKilled,
}

/// <summary>The kinds' names on the command line and in the report.</summary>
public static class FaultKinds
{
    public static IReadOnlyList<FaultKind> All { get; } = Enum.GetValues<FaultKind>();

    /// <summary>The faults of the simulator's own API (what <see cref="FaultKind.Combined"/> draws from).</summary>
    public static IReadOnlyList<FaultKind> Exchange { get; } =
        [FaultKind.Drop, FaultKind.Refuse, FaultKind.Malformed, FaultKind.RestErrors, FaultKind.RateLimited, FaultKind.Latency, FaultKind.Silence, FaultKind.Maintenance, FaultKind.TradingPause];

    public static string Name(this FaultKind kind) => kind switch
    {
        FaultKind.Drop => "drop",
        FaultKind.Refuse => "refuse",
        FaultKind.Malformed => "malformed",
        FaultKind.RestErrors => "rest_5xx",
        FaultKind.RateLimited => "rest_429",
        FaultKind.Latency => "latency",
        FaultKind.Silence => "silence",
        FaultKind.Maintenance => "maintenance",
        FaultKind.TradingPause => "trading_pause",
        FaultKind.Combined => "combined",
        FaultKind.RestartGraceful => "sigterm",
        FaultKind.RestartKilled => "sigkill",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string name, out FaultKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static bool IsRestart(this FaultKind kind) => kind is FaultKind.RestartGraceful or FaultKind.RestartKilled;
}
