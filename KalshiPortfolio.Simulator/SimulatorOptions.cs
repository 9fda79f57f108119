using System.ComponentModel.DataAnnotations;

namespace KalshiPortfolio.Simulator;

/// <summary>
/// Settings of a simulated Kalshi exchange. Bound from the <c>Simulator</c> configuration section by the
/// standalone program and by the Web app's embedded host; validated at start-up by <see cref="SimulatorOptionsValidator"/>.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Simulator";

    /// <summary>The URL Kestrel listens on. Port 0 picks a free port (see <see cref="SimulatorHost.BaseUri"/>).</summary>
    [Required]
    public string Url { get; set; } = "http://127.0.0.1:5090";

    /// <summary>Seed of the random walk, the initial quotes and the demo account's trading. Same seed, same market.</summary>
    public int Seed { get; set; } = 20260611;

    /// <summary>Random-walk ticks per second across the whole catalogue (each moves one market by one tick). 0 freezes prices.</summary>
    [Range(0, 100_000)]
    public double TicksPerSecond { get; set; } = 5;

    /// <summary>How often the demo account trades on its own, in trades per minute. 0 = never.</summary>
    [Range(0, 6_000)]
    public double DemoAccountTradesPerMinute { get; set; } = 2;

    /// <summary>How many open positions the demo account starts with (10 to 20), on both sides.</summary>
    [Range(10, 20)]
    public int DemoPositions { get; set; } = 14;

    /// <summary>The demo account's cash before its opening trades, in dollars.</summary>
    [Range(typeof(decimal), "100", "100000000")]
    public decimal DemoBalanceDollars { get; set; } = 10_000m;

    /// <summary>Accepted clock skew of <c>KALSHI-ACCESS-TIMESTAMP</c>, either way. Kalshi accepts ±5 s and rejects ±30 s.</summary>
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Token-bucket refill per account (or per client address for unsigned requests), tokens per second.</summary>
    [Range(1, 10_000_000)]
    public double RateLimitTokensPerSecond { get; set; } = 200;

    /// <summary>Token-bucket capacity (burst).</summary>
    [Range(1, 10_000_000)]
    public double RateLimitBucketCapacity { get; set; } = 400;

    /// <summary>Tokens one REST request costs (Kalshi's default cost is 10).</summary>
    [Range(0, 1_000_000)]
    public double RateLimitTokensPerRequest { get; set; } = 10;

    /// <summary>Interval of the WebSocket Ping control frames (payload <c>heartbeat</c>). Kalshi: about 10 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the WebSocket upgrade needs the signed headers (Kalshi's current behaviour). False = lenient mode.</summary>
    public bool RequireWebSocketAuth { get; set; } = true;

    /// <summary>
    /// Optional folder where the demo account's key id and RSA key pair are kept, so a sign-in survives restarts.
    /// Null = a new pair per start.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Settle markets automatically when their close time (shifted to the simulator's clock) passes.</summary>
    public bool AutoSettleAtCloseTime { get; set; } = true;

    /// <summary>
    /// Extra markets synthesized beyond the 200 recorded ones (0 = none), so an account can hold more positions
    /// than the catalogue has markets. Clone <c>k</c> (1-based) copies recorded market <c>(k − 1) mod 200</c> with the
    /// ticker <c>{ticker}-S{k}</c> in its own event <c>{event_ticker}-S{k}</c>; it is a real market for every endpoint.
    /// </summary>
    [Range(0, MaxSyntheticMarkets)]
    public int SyntheticMarkets { get; set; }

    /// <summary>The most markets <see cref="SyntheticMarkets"/> may add.</summary>
    public const int MaxSyntheticMarkets = 10_000;

    /// <summary>Frames one WebSocket may have queued before it is treated as too slow and disconnected.</summary>
    [Range(16, 10_000_000)]
    public int WebSocketSendQueueLimit { get; set; } = 100_000;

    /// <summary>A copy, so a host never sees later changes to the caller's instance.</summary>
    public SimulatorOptions Clone() => (SimulatorOptions)MemberwiseClone();
}
