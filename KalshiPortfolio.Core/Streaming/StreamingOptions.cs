using System.ComponentModel.DataAnnotations;
using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>How each user's live link to Kalshi behaves (section <c>Streaming</c>). Validated at start-up.</summary>
public sealed class StreamingOptions
{
    public const string Section = "Streaming";

    /// <summary>First reconnect delay; doubles per failed attempt (2, 4, 8, 16, 32 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The cap on the reconnect delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(32);

    /// <summary>Random extra delay, as a fraction of the delay (0.2 = up to 20 % more), so clients don't reconnect in step.</summary>
    [Range(0.0, 1.0)]
    public double ReconnectJitter { get; set; } = 0.2;

    /// <summary>Consecutive failed connects after which the user is switched to REST polling (degraded).</summary>
    [Range(1, 100)]
    public int FailuresBeforeDegraded { get; set; } = 5;

    /// <summary>How often positions are polled over REST while degraded.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a WebSocket handshake may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a quiet socket is probed (a <c>list_subscriptions</c> command, which Kalshi answers), since
    /// Kalshi's pings are not visible to the app and a quiet account may legitimately receive nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A socket from which nothing arrived for this long (two unanswered probes) is no longer shown as live: the
    /// status says so and positions are checked over REST until it speaks again or is replaced.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:30:00")]
    public TimeSpan SilenceWarning { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>A position whose mark was last confirmed by Kalshi longer ago than this is shown stale.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// While live, how often the account is checked against Kalshi's REST state (balance, positions, held quotes):
    /// a compare, corrected and counted when they differ.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First delay before retrying a failed reconciliation (doubles up to <see cref="ReconcileRetryMaxDelay"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ReconcileRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap on the reconciliation retry delay, so a fault that ends is caught up within seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan ReconcileRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Least time between two reconciliations asked for by faults (a burst of malformed frames asks once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReconcileMinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>While connected, how often the exchange status is checked (maintenance is shown as such).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ExchangeStatusInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A socket from which nothing (not even a probe's answer) arrives for this long is replaced.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:30:00")]
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the whole cache of a user is rewritten from memory, repairing any failed write.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FullSyncInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Least time between two batches of cache writes (changes in between are merged, latest wins).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CacheWriteInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Delay before retrying a failed cache write (doubles up to 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan CacheRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the exchange status is checked while Kalshi is in maintenance.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaintenanceCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long sign-in waits for the first snapshot from Kalshi before answering with what it has.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan InitialSnapshotTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// During a burst of price changes the portfolio totals are published at most once per this interval (the first
    /// change at once, the rest folded into one publish at the end of the interval). Every position update is still
    /// published. Zero publishes totals with every change.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan PortfolioUpdateInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The valuation method for open positions.</summary>
    public MarkMethod MarkMethod { get; set; } = MarkMethod.Liquidation;

    /// <summary>Each subscriber's queue (a circuit or an SSE client); the oldest event is dropped beyond it.</summary>
    [Range(1, 1_000_000)]
    public int SubscriberQueueCapacity { get; set; } = PortfolioEventHub.DefaultSubscriberCapacity;

    /// <summary>Events kept per user for clients resuming with <c>Last-Event-ID</c>.</summary>
    [Range(1, 1_000_000)]
    public int ReplayCapacity { get; set; } = PortfolioEventHub.DefaultReplayCapacity;
}
