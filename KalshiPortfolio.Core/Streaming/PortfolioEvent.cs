using System.Globalization;
using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// One thing that happened to a user's portfolio, in the order it happened. <see cref="Id"/> increases by one
/// per user, so an SSE client can resume after it with <c>Last-Event-ID</c>.
/// </summary>
public abstract record PortfolioEvent
{
    private byte[]? _utf8;
    private FrameCache? _frame;

    private readonly long _id;

    /// <summary>The per-user sequence number (assigned by the hub when published).</summary>
    public long Id
    {
        get => _id;
        init
        {
            _id = value;
            IdText = value.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary><see cref="Id"/> as text (the SSE <c>id:</c> field), made once per event, not once per subscriber.</summary>
    public string IdText { get; private init; } = "0";

    /// <summary>When it happened (UTC).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The event's name on the wire: snapshot, position_update, position_closed, ...</summary>
    public abstract string Type { get; }

    /// <summary>
    /// The event serialized once and shared by every subscriber (a thousand SSE clients must not serialize
    /// the same event a thousand times). Thread-safe: concurrent callers may serialize twice, never wrongly.
    /// </summary>
    public ReadOnlyMemory<byte> GetUtf8(Func<PortfolioEvent, byte[]> serialize)
    {
        var cached = Volatile.Read(ref _utf8);
        if (cached is null)
        {
            cached = serialize(this);
            Volatile.Write(ref _utf8, cached);
        }
        return cached;
    }

    /// <summary>
    /// The event framed for the wire (for SSE: its <c>id:</c> and <c>data:</c> lines), built once and shared by every
    /// subscriber like <see cref="GetUtf8"/>. Never carried over to a copy with another id.
    /// </summary>
    public ReadOnlyMemory<byte> GetFrame(Func<PortfolioEvent, byte[]> frame)
    {
        var cached = Volatile.Read(ref _frame);
        if (cached is null || cached.Id != _id)
        {
            cached = new FrameCache(_id, frame(this));
            Volatile.Write(ref _frame, cached);
        }
        return cached.Bytes;
    }

    private sealed record FrameCache(long Id, byte[] Bytes);
}

/// <summary>Everything a new subscriber needs: every position, the totals, the connection.</summary>
public sealed record SnapshotEvent(IReadOnlyList<PositionState> Positions, PortfolioView Portfolio, ConnectionStatus ConnectionStatus) : PortfolioEvent
{
    public override string Type => "snapshot";
}

/// <summary>A position opened or changed (size, cost, price or P&amp;L).</summary>
public sealed record PositionUpdatedEvent(PositionState Position) : PortfolioEvent
{
    public override string Type => "position_update";
}

/// <summary>A position went to zero, settled or disappeared from Kalshi.</summary>
public sealed record PositionClosedEvent(string Ticker, PositionState? LastState) : PortfolioEvent
{
    public override string Type => "position_closed";
}

/// <summary>The portfolio's totals changed.</summary>
public sealed record PortfolioUpdatedEvent(PortfolioView Portfolio) : PortfolioEvent
{
    public override string Type => "portfolio_update";
}

/// <summary>The link to Kalshi changed state.</summary>
public sealed record ConnectionStatusEvent(ConnectionStatus ConnectionStatus) : PortfolioEvent
{
    public override string Type => "connection_status";
}

/// <summary>The subscriber's session ended (token expired or revoked): refresh the token and reconnect.</summary>
public sealed record SessionExpiredEvent(string Reason) : PortfolioEvent
{
    public override string Type => "session_expired";
}
