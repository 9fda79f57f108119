using KalshiPortfolio.Simulator.Exchange;

namespace KalshiPortfolio.Simulator.WebSockets;

/// <summary>
/// The open sessions and the fan-out of exchange events to them. Called under the exchange's lock; each event's body
/// is serialized at most once, then wrapped per subscription and queued on each socket (never awaited).
/// </summary>
internal sealed class WsHub : IExchangeObserver
{
    private readonly Lock _gate = new();
    private WsSession[] _sessions = [];
    private long _nextId;
    private long _pingsOfClosedSessions;

    public int ConnectionCount => Volatile.Read(ref _sessions).Length;

    /// <summary>Ping frames written so far, on every socket (open or closed).</summary>
    public long PingsSent => Interlocked.Read(ref _pingsOfClosedSessions) + Volatile.Read(ref _sessions).Sum(s => s.Connection.PingsSent);

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(WsSession session)
    {
        lock (_gate) Volatile.Write(ref _sessions, [.. _sessions, session]);
    }

    public void Remove(WsSession session)
    {
        lock (_gate)
        {
            if (!_sessions.Contains(session)) return;
            Volatile.Write(ref _sessions, [.. _sessions.Where(s => s != session)]);
            Interlocked.Add(ref _pingsOfClosedSessions, session.Connection.PingsSent);
        }
    }

    /// <summary>Drops every socket now, without a Close frame (fault <c>drop_websockets</c>).</summary>
    public int DropAll()
    {
        var sessions = Volatile.Read(ref _sessions);
        foreach (var session in sessions) session.Connection.Abort();
        return sessions.Length;
    }

    /// <summary>Closes every socket with 1001 (going away), on shutdown.</summary>
    public void CloseAll()
    {
        foreach (var session in Volatile.Read(ref _sessions)) session.Connection.Close(1001, "going away");
    }

    public void OnTicker(MarketState market, DateTimeOffset now)
    {
        byte[]? body = null;
        foreach (var session in Volatile.Read(ref _sessions))
        {
            foreach (var subscription in session.Subscriptions)
            {
                if (subscription.Channel != WsWire.TickerChannel || !subscription.Matches(market.Ticker)) continue;
                body ??= WsWire.TickerBody(market, now);
                session.Connection.TrySendText(WsWire.Envelope(WsWire.TickerPrefix, subscription.Sid, body));
            }
        }
    }

    public void OnTrade(TradeRecord trade)
    {
        byte[]? body = null;
        foreach (var session in Volatile.Read(ref _sessions))
        {
            foreach (var subscription in session.Subscriptions)
            {
                if (subscription.Channel != WsWire.TradeChannel || !subscription.Matches(trade.Ticker)) continue;
                body ??= WsWire.TradeBody(trade);
                session.Connection.TrySendText(WsWire.Envelope(WsWire.TradePrefix, subscription.Sid, body));
            }
        }
    }

    public void OnFill(Account account, FillRecord fill)
    {
        byte[]? body = null;
        foreach (var session in Volatile.Read(ref _sessions))
        {
            if (session.Account != account) continue;
            foreach (var subscription in session.Subscriptions)
            {
                if (subscription.Channel != WsWire.FillChannel || !subscription.Matches(fill.Ticker)) continue;
                body ??= WsWire.FillBody(fill);
                session.Connection.TrySendText(WsWire.Envelope(WsWire.FillPrefix, subscription.Sid, body));
            }
        }
    }

    public void OnMarketPosition(Account account, PositionBook position)
    {
        byte[]? body = null;
        foreach (var session in Volatile.Read(ref _sessions))
        {
            if (session.Account != account) continue;
            foreach (var subscription in session.Subscriptions)
            {
                if (subscription.Channel != WsWire.MarketPositionsChannel || !subscription.Matches(position.Ticker)) continue;
                body ??= WsWire.MarketPositionBody(account, position);
                session.Connection.TrySendText(WsWire.Envelope(WsWire.MarketPositionPrefix, subscription.Sid, body));
            }
        }
    }
}
