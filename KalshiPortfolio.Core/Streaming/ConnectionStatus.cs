namespace KalshiPortfolio.Core.Streaming;

/// <summary>What a user's link to Kalshi is doing, with the figures the diagnostics show.</summary>
public sealed record ConnectionStatus
{
    public required ConnectionState State { get; init; }

    /// <summary>Why the link is in <see cref="State"/>.</summary>
    public LinkReason Reason { get; init; } = LinkReason.Starting;

    /// <summary>When the state last changed (UTC).</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>When the last message arrived from Kalshi (UTC), if any.</summary>
    public DateTimeOffset? LastMessageAt { get; init; }

    /// <summary>Reconnections since the stream started.</summary>
    public int ReconnectCount { get; init; }

    /// <summary>Events dropped for this user's slow subscribers (each subscriber's queue drops its oldest).</summary>
    public long DroppedEvents { get; init; }

    /// <summary>The last error, in words a trader can act on (in maintenance: Kalshi's message). Never carries a secret.</summary>
    public string? LastError { get; init; }

    /// <summary>In maintenance: when Kalshi expects to reopen (<c>exchange_estimated_resume_time</c>), if it said.</summary>
    public DateTimeOffset? ExpectedResumeAt { get; init; }

    /// <summary>The exchange reports maintenance (<c>exchange_active</c> false): not an error, nothing to fix here.</summary>
    public bool ExchangeMaintenance => Reason == LinkReason.Maintenance;

    /// <summary>Kalshi refused the stored key: the user must sign in again.</summary>
    public bool CredentialsInvalid => Reason == LinkReason.CredentialsRejected;

    /// <summary>True only when the figures are live: connected and verified against Kalshi's REST state.</summary>
    public bool IsLive => State == ConnectionState.Connected && Reason == LinkReason.Live;

    public static ConnectionStatus Initial(DateTimeOffset now) => new() { State = ConnectionState.Disconnected, Reason = LinkReason.Starting, Since = now };

    /// <summary>A sentence for the tooltip and the banner.</summary>
    public string Describe() => Reason switch
    {
        LinkReason.CredentialsRejected => "Kalshi refused your API key. Sign in again.",
        LinkReason.Maintenance => ExpectedResumeAt is { } resume
            ? $"Kalshi is in maintenance until about {resume:HH:mm} UTC. Figures are not live."
            : "Kalshi is in maintenance. Figures are not live; they update when it reopens.",
        LinkReason.Live when State == ConnectionState.Connected => "Live: connected to Kalshi.",
        LinkReason.Verifying => "Connected; checking the figures against Kalshi…",
        LinkReason.Silent => "Kalshi's live feed went quiet; checking the connection. Figures may be behind.",
        LinkReason.SocketDropped or LinkReason.ConnectFailed when State == ConnectionState.Degraded =>
            "Kalshi's live feed is down; figures are polled every few seconds.",
        LinkReason.SocketDropped or LinkReason.ConnectFailed => "Reconnecting to Kalshi… figures are polled meanwhile.",
        LinkReason.Starting => "Connecting to Kalshi…",
        _ => "Disconnected from Kalshi. Figures are not live.",
    };
}
