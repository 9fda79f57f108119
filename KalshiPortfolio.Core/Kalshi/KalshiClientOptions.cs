namespace KalshiPortfolio.Core.Kalshi;

/// <summary>
/// Timeouts, retries, circuit breaker and paging of the Kalshi REST clients. Validated when the first client is
/// created (and at host start via ValidateOnStart); see <see cref="KalshiClientOptionsValidator"/> for the rules.
/// </summary>
public sealed class KalshiClientOptions
{
    /// <summary>Timeout of one HTTP attempt. Default 10 s; at least 10 ms.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a whole call, retries and backoff included. Default 30 s; must exceed <see cref="AttemptTimeout"/>.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for reads only (GET/HEAD/OPTIONS); writes are never retried. Default 3; 0 disables retries.</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>Base delay of the exponential backoff with jitter (Polly's decorrelated jitter). Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one backoff delay. Default 10 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts needed within <see cref="CircuitBreakerSamplingDuration"/> before the breaker may open.
    /// Default 5, low enough for a personal account's traffic (Polly's default of 100 would never trip). At least 2.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 5;

    /// <summary>Share of failed attempts (5xx, 408, timeouts, network errors; not 429) that opens the breaker. Default 0.5.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Window over which failures are counted. Default 30 s; at least 2 × <see cref="AttemptTimeout"/>.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before letting a trial call through. Default 15 s.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Page size sent when a query does not set one (1–1000). Default 200 (the maximum of older API versions).</summary>
    public int DefaultPageLimit { get; set; } = 200;

    /// <summary>Safety cap on the pages one listing call walks. Default 1000.</summary>
    public int MaxPages { get; set; } = 1000;
}
