using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary>The user's link to Kalshi.</summary>
public sealed record ConnectionStatusDto
{
    /// <summary>connected, kalshi_reconnecting, degraded or disconnected.</summary>
    public required string State { get; init; }
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
