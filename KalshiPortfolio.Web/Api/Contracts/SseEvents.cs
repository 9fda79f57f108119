using System.Text.Json.Serialization;

namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary>
/// The SSE feed's event payloads. Every one carries <c>type</c>, so <c>EventSource.onmessage</c> can tell them
/// apart without listening per event name.
/// </summary>
public sealed record SnapshotSse(
    IReadOnlyList<PositionDto> Positions,
    PortfolioDto Portfolio,
    ConnectionStatusDto ConnectionStatus,
    string Source)
{
    [JsonPropertyOrder(-1)]
    public string Type => "snapshot";
}

public sealed record PositionUpdateSse(PositionDto Position)
{
    [JsonPropertyOrder(-1)]
    public string Type => "position_update";
}

public sealed record PositionClosedSse(string Ticker, PositionDto? Position)
{
    [JsonPropertyOrder(-1)]
    public string Type => "position_closed";
}

public sealed record PortfolioUpdateSse(PortfolioDto Portfolio)
{
    [JsonPropertyOrder(-1)]
    public string Type => "portfolio_update";
}

public sealed record ConnectionStatusSse(ConnectionStatusDto ConnectionStatus)
{
    [JsonPropertyOrder(-1)]
    public string Type => "connection_status";
}

public sealed record SessionExpiredSse(string Reason)
{
    [JsonPropertyOrder(-1)]
    public string Type => "session_expired";
}
