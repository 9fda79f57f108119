namespace KalshiPortfolio.Core.Streaming;

/// <summary>Why a user's link to Kalshi is in its current <see cref="ConnectionState"/>: typed, with a wire name.</summary>
public enum LinkReason
{
    /// <summary>Connected, subscribed and verified against a REST snapshot: the figures are live.</summary>
    Live,

    /// <summary>The link has not connected yet (the figures come from the cache or the first snapshot).</summary>
    Starting,

    /// <summary>Connected, waiting for the snapshot that proves the socket and Kalshi's REST state agree.</summary>
    Verifying,

    /// <summary>The socket dropped; reconnecting (REST polling keeps the figures current meanwhile).</summary>
    SocketDropped,

    /// <summary>Connecting failed; retrying with backoff (REST polling keeps the figures current meanwhile).</summary>
    ConnectFailed,

    /// <summary>The socket is open but nothing arrived for too long, not even the answer to a probe.</summary>
    Silent,

    /// <summary>The exchange reports maintenance (<c>exchange_active</c> false).</summary>
    Maintenance,

    /// <summary>Kalshi refused the stored key: the user must sign in again.</summary>
    CredentialsRejected,

    /// <summary>The link was stopped (signed out, shut down) or ended on an unexpected error.</summary>
    Stopped,
}

public static class LinkReasonNames
{
    /// <summary>The name used on the wire (SSE, REST, <c>data-reason</c> in the UI).</summary>
    public static string ToWireName(this LinkReason reason) => reason switch
    {
        LinkReason.Live => "live",
        LinkReason.Starting => "starting",
        LinkReason.Verifying => "verifying",
        LinkReason.SocketDropped => "socket_dropped",
        LinkReason.ConnectFailed => "connect_failed",
        LinkReason.Silent => "silent",
        LinkReason.Maintenance => "maintenance",
        LinkReason.CredentialsRejected => "credentials_rejected",
        _ => "stopped",
    };
}
