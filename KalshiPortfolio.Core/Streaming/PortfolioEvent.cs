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
    private byte[]? _frame;

    private readonly long _id;

    /// <summary>The per-user sequence number (assigned by the hub when published).</summary>
    public long Id
    {
        get => _id;
        init
        {
            _id = value;
            IdText = value.ToString(CultureInfo.InvariantCulture);
            _frame = null; // a copy with another id (the hub numbers events with `with`) frames itself anew
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
    public ReadOnlyMemory<byte> GetUtf8(Func<PortfolioEvent, byte[]> serialize) => Cached(ref _utf8, serialize);

    /// <summary>
    /// The event framed for the wire (for SSE: its <c>data:</c> and <c>id:</c> lines), built once and shared by every
    /// subscriber like <see cref="GetUtf8"/>.
    /// </summary>
    public ReadOnlyMemory<byte> GetFrame(Func<PortfolioEvent, byte[]> frame) => Cached(ref _frame, frame);

    private byte[] Cached(ref byte[]? slot, Func<PortfolioEvent, byte[]> make)
    {
        var cached = Volatile.Read(ref slot);
        if (cached is null)
        {
            cached = make(this);
            Volatile.Write(ref slot, cached);
        }
        return cached;
    }
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
