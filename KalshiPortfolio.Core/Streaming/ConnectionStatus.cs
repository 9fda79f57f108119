namespace KalshiPortfolio.Core.Streaming;

/// <summary>What a user's link to Kalshi is doing, with the figures the diagnostics show.</summary>
public sealed record ConnectionStatus
{
    public required ConnectionState State { get; init; }

    /// <summary>When the state last changed (UTC).</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>When the last message arrived from Kalshi (UTC), if any.</summary>
    public DateTimeOffset? LastMessageAt { get; init; }

    /// <summary>Reconnections since the stream started.</summary>
    public int ReconnectCount { get; init; }

    /// <summary>Events dropped for this user's slow subscribers (each subscriber's queue drops its oldest).</summary>
    public long DroppedEvents { get; init; }

    /// <summary>The last error, in words a trader can act on. Never carries a secret.</summary>
    public string? LastError { get; init; }

    /// <summary>The exchange reports maintenance (<c>exchange_active</c> false): not an error, nothing to fix here.</summary>
    public bool ExchangeMaintenance { get; init; }

    /// <summary>Kalshi refused the stored key: the user must sign in again.</summary>
    public bool CredentialsInvalid { get; init; }

    public static ConnectionStatus Initial(DateTimeOffset now) => new() { State = ConnectionState.Disconnected, Since = now };

    /// <summary>A sentence for the tooltip.</summary>
    public string Describe() => this switch
    {
        { CredentialsInvalid: true } => "Kalshi refused your API key. Sign in again.",
        { ExchangeMaintenance: true } => "Kalshi is in maintenance. Positions will update when it reopens.",
        { State: ConnectionState.Connected } => "Live: connected to Kalshi.",
        { State: ConnectionState.KalshiReconnecting } => "Reconnecting to Kalshi…",
        { State: ConnectionState.Degraded } => "Degraded: Kalshi's live feed is down; positions are polled.",
        _ => "Disconnected from Kalshi.",
    };
}
