using System.Buffers;
using System.Text;
using System.Text.Json;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Api.Contracts;

namespace KalshiPortfolio.Web.Streaming;

/// <summary>Turns portfolio events into the SSE feed's JSON (source-generated, snake_case, money as exact strings).</summary>
public static class SseEventSerializer
{
    /// <summary>
    /// Writes one event's JSON. Shared events are serialized once for all clients (<see cref="PortfolioEvent.GetUtf8"/>)
    /// and copied; a snapshot (one per subscriber) is serialized straight into the output, with no buffer of its own.
    /// </summary>
    public static void Write(PortfolioEvent portfolioEvent, IBufferWriter<byte> output)
    {
        if (portfolioEvent is SnapshotEvent snapshot)
        {
            using var json = new Utf8JsonWriter(output);
            JsonSerializer.Serialize(json, ToSse(snapshot), ApiJsonContext.Api.SnapshotSse);
            return;
        }
        output.Write(portfolioEvent.GetUtf8(Serialize).Span);
    }

    /// <summary>
    /// The event as one SSE frame, <c>data: {json}\nid: N\n\n</c>, exactly as <see cref="System.Net.ServerSentEvents.SseFormatter"/>
    /// writes it (the JSON is compact, so one data line). Built once per event and copied to every client: with a
    /// thousand clients, formatting per client was the feed's largest cost.
    /// </summary>
    public static ReadOnlyMemory<byte> Frame(PortfolioEvent portfolioEvent) => portfolioEvent.GetFrame(static e =>
    {
        var json = e.GetUtf8(Serialize).Span;
        var id = e.IdText; // digits only: one byte per char
        var frame = new byte[DataPrefix.Length + json.Length + IdPrefix.Length + id.Length + 2];
        var rest = frame.AsSpan();
        DataPrefix.CopyTo(rest);
        rest = rest[DataPrefix.Length..];
        json.CopyTo(rest);
        rest = rest[json.Length..];
        IdPrefix.CopyTo(rest);
        rest = rest[IdPrefix.Length..];
        Encoding.ASCII.GetBytes(id, rest);
        rest[id.Length..].Fill((byte)'\n');
        return frame;
    });

    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    private static ReadOnlySpan<byte> IdPrefix => "\nid: "u8;

    public static byte[] Serialize(PortfolioEvent portfolioEvent) => portfolioEvent switch
    {
        SnapshotEvent s => JsonSerializer.SerializeToUtf8Bytes(ToSse(s), ApiJsonContext.Api.SnapshotSse),
        PositionUpdatedEvent u => JsonSerializer.SerializeToUtf8Bytes(new PositionUpdateSse(PositionDto.From(u.Position)), ApiJsonContext.Api.PositionUpdateSse),
        PositionClosedEvent c => JsonSerializer.SerializeToUtf8Bytes(
            new PositionClosedSse(c.Ticker, c.LastState is { } last ? PositionDto.From(last) : null), ApiJsonContext.Api.PositionClosedSse),
        PortfolioUpdatedEvent p => JsonSerializer.SerializeToUtf8Bytes(new PortfolioUpdateSse(PortfolioDto.From(p.Portfolio)), ApiJsonContext.Api.PortfolioUpdateSse),
        ConnectionStatusEvent c => JsonSerializer.SerializeToUtf8Bytes(new ConnectionStatusSse(ConnectionStatusDto.From(c.ConnectionStatus)), ApiJsonContext.Api.ConnectionStatusSse),
        SessionExpiredEvent e => JsonSerializer.SerializeToUtf8Bytes(new SessionExpiredSse(e.Reason), ApiJsonContext.Api.SessionExpiredSse),
        _ => throw new ArgumentOutOfRangeException(nameof(portfolioEvent), portfolioEvent.GetType().Name, "Unknown portfolio event."),
    };

    private static SnapshotSse ToSse(SnapshotEvent s) => new(
        s.Positions.Select(PositionDto.From).ToList(),
        PortfolioDto.From(s.Portfolio),
        ConnectionStatusDto.From(s.ConnectionStatus),
        s.Positions.Any(p => p.IsStale) ? "cache" : "live");
}
