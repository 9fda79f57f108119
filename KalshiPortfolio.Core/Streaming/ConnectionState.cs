namespace KalshiPortfolio.Core.Streaming;

/// <summary>The state of a user's link to Kalshi.</summary>
public enum ConnectionState
{
    /// <summary>The WebSocket is up and messages flow.</summary>
    Connected,

    /// <summary>The WebSocket dropped; reconnecting with backoff.</summary>
    KalshiReconnecting,

    /// <summary>The WebSocket keeps failing (or the exchange is in maintenance): positions come from REST polling.</summary>
    Degraded,

    /// <summary>Not connected at all: not started, stopped, or the credentials were refused.</summary>
    Disconnected,
}

public static class ConnectionStateNames
{
    /// <summary>The name used on the wire (SSE, REST, <c>data-state</c> in the UI).</summary>
    public static string ToWireName(this ConnectionState state) => state switch
    {
        ConnectionState.Connected => "connected",
        ConnectionState.KalshiReconnecting => "kalshi_reconnecting",
        ConnectionState.Degraded => "degraded",
        _ => "disconnected",
    };
}
