using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>How a fault part ends.</summary>
public enum FaultEnding
{
    /// <summary>At once (a drop, an app restart: over when the app is back).</summary>
    Instant,

    /// <summary>After its duration (refusal, latency, silence, maintenance, a trading pause).</summary>
    Timed,

    /// <summary>When the simulator has used up its count (malformed frames, REST failures), or at the latest after <see cref="FaultPart.ConsumeLimit"/>, when the rest is cleared.</summary>
    Consumed,
}

/// <summary>
/// One fault of the simulator's <c>/_sim/faults</c> API (or an app restart) with its parameters, and the bodies that
/// start and end it.
/// </summary>
public sealed record FaultPart(FaultKind Kind, TimeSpan Duration = default, int Count = 0, int Status = 0, int LatencyMs = 0)
{
    /// <summary>The longest a count fault may wait to be used up (the app may make no REST call for a while) before its rest is cleared.</summary>
    public static readonly TimeSpan ConsumeLimit = TimeSpan.FromSeconds(30);

    public FaultEnding Ending => Kind switch
    {
        FaultKind.Drop or FaultKind.RestartGraceful or FaultKind.RestartKilled => FaultEnding.Instant,
        FaultKind.Malformed or FaultKind.RestErrors or FaultKind.RateLimited => FaultEnding.Consumed,
        FaultKind.Refuse or FaultKind.Latency or FaultKind.Silence or FaultKind.Maintenance or FaultKind.TradingPause => FaultEnding.Timed,
        _ => throw new InvalidOperationException($"{Kind.Name()} is not a single fault."),
    };

    /// <summary>The longest this part stays active.</summary>
    public TimeSpan MaxActive => Ending switch
    {
        FaultEnding.Timed => Duration,
        FaultEnding.Consumed => ConsumeLimit,
        _ => TimeSpan.Zero,
    };

    /// <summary>Which simulator setting the part uses: two parts of one group cannot be combined.</summary>
    public string Group => Kind switch
    {
        FaultKind.Drop or FaultKind.Refuse => "drop",
        FaultKind.RestErrors or FaultKind.RateLimited => "rest_failures",
        FaultKind.Maintenance or FaultKind.TradingPause => "status",
        _ => Kind.Name(),
    };

    /// <summary>The <c>POST /_sim/faults</c> body that starts it (empty for a restart).</summary>
    public JsonObject StartBody() => Kind switch
    {
        FaultKind.Drop => new JsonObject { ["drop_websockets"] = true },
        FaultKind.Refuse => new JsonObject { ["drop_websockets"] = true, ["refuse_websockets_seconds"] = Duration.TotalSeconds },
        FaultKind.Malformed => new JsonObject { ["malformed_frames"] = Count },
        FaultKind.RestErrors or FaultKind.RateLimited => new JsonObject { ["rest_failures"] = new JsonObject { ["status"] = Status, ["count"] = Count } },
        FaultKind.Latency => new JsonObject { ["latency_ms"] = LatencyMs },
        FaultKind.Silence => new JsonObject { ["silence_seconds"] = Duration.TotalSeconds },
        FaultKind.Maintenance => new JsonObject { ["exchange_active"] = false, ["trading_active"] = false },
        FaultKind.TradingPause => new JsonObject { ["trading_active"] = false },
        _ => new JsonObject(),
    };

    /// <summary>
    /// The body that ends it early or undoes it: the rest of a count cleared, latency removed, the exchange active again.
    /// Null when the fault ends by itself (a refusal or a silence runs out) or at once.
    /// </summary>
    public JsonObject? EndBody() => Kind switch
    {
        FaultKind.Malformed => new JsonObject { ["malformed_frames"] = 0 },
        FaultKind.RestErrors or FaultKind.RateLimited => new JsonObject { ["rest_failures"] = new JsonObject { ["status"] = Status, ["count"] = 0 } },
        FaultKind.Latency => new JsonObject { ["latency_ms"] = 0 },
        FaultKind.Maintenance => new JsonObject { ["exchange_active"] = true, ["trading_active"] = true },
        FaultKind.TradingPause => new JsonObject { ["trading_active"] = true },
        _ => null,
    };

    /// <summary>Whether the simulator's <c>GET /_sim/faults</c> answer shows a count fault used up.</summary>
    public bool IsConsumed(JsonElement faults) => Kind switch
    {
        FaultKind.Malformed => faults.GetProperty("malformed_frames").GetInt32() == 0,
        FaultKind.RestErrors or FaultKind.RateLimited => faults.GetProperty("rest_failures").ValueKind == JsonValueKind.Null,
        _ => true,
    };

    public override string ToString() => Kind switch
    {
        FaultKind.Refuse => $"refuse {Seconds(Duration)} s",
        FaultKind.Malformed => $"malformed × {Count}",
        FaultKind.RestErrors or FaultKind.RateLimited => $"{Kind.Name()} {Status} × {Count}",
        FaultKind.Latency => $"latency {LatencyMs} ms for {Seconds(Duration)} s",
        FaultKind.Silence or FaultKind.Maintenance or FaultKind.TradingPause => $"{Kind.Name()} {Seconds(Duration)} s",
        _ => Kind.Name(),
    };

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
