using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary>The user's link to Kalshi.</summary>
public sealed record ConnectionStatusDto
{
    /// <summary>connected, kalshi_reconnecting, degraded or disconnected.</summary>
    public required string State { get; init; }

    /// <summary>Why: live, starting, verifying, socket_dropped, connect_failed, silent, maintenance, credentials_rejected or stopped.</summary>
    public required string Reason { get; init; }

    /// <summary>True only when the figures are live (connected and verified against Kalshi).</summary>
    public required bool Live { get; init; }

    /// <summary>In maintenance: when Kalshi expects to reopen, if it said.</summary>
    public DateTimeOffset? ExpectedResumeAt { get; init; }
    public required string Description { get; init; }
    public required DateTimeOffset Since { get; init; }
    public DateTimeOffset? LastMessageAt { get; init; }
    public required int ReconnectCount { get; init; }
    public required long DroppedEvents { get; init; }
    public string? LastError { get; init; }
    public required bool ExchangeMaintenance { get; init; }
    public required bool CredentialsInvalid { get; init; }

    public static ConnectionStatusDto From(ConnectionStatus s) => new()
    {
        State = s.State.ToWireName(),
        Reason = s.Reason.ToWireName(),
        Live = s.IsLive,
        ExpectedResumeAt = s.ExpectedResumeAt,
        Description = s.Describe(),
        Since = s.Since,
        LastMessageAt = s.LastMessageAt,
        ReconnectCount = s.ReconnectCount,
        DroppedEvents = s.DroppedEvents,
        LastError = s.LastError,
        ExchangeMaintenance = s.ExchangeMaintenance,
        CredentialsInvalid = s.CredentialsInvalid,
    };
}
