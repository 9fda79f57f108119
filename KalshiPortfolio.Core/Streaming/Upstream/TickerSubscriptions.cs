using KalshiPortfolio.Core.Kalshi.WebSockets;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// Keeps the <c>ticker</c> subscription of one socket in step with the markets held: subscribe when the first
/// market is held, <c>update_subscription</c> (add_markets / delete_markets) as positions open and close,
/// unsubscribe when none is left. Never subscribes without tickers, which on Kalshi means every market.
/// Thread-safe; returns the commands to send.
/// </summary>
public sealed class TickerSubscriptions
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _desired = new(StringComparer.Ordinal);
    private readonly HashSet<string> _server = new(StringComparer.Ordinal);
    private KalshiWsCommands _commands = new();
    private HashSet<string>? _requested;
    private long? _pendingCommandId;
    private long? _sid;

    /// <summary>The markets that should be subscribed.</summary>
    public IReadOnlyCollection<string> Desired
    {
        get { lock (_gate) { return _desired.ToArray(); } }
    }

    /// <summary>The ticker subscription's id on the current socket, once acknowledged.</summary>
    public long? Sid
    {
        get { lock (_gate) { return _sid; } }
    }

    /// <summary>A new socket: nothing is subscribed on it yet. Returns the commands for the private channels and the tickers.</summary>
    public IReadOnlyList<KalshiWsCommand> OnConnected()
    {
        lock (_gate)
        {
            _commands = new KalshiWsCommands();
            _server.Clear();
            _sid = null;
            _pendingCommandId = null;
            _requested = null;
            var commands = new List<KalshiWsCommand>
            {
                _commands.Subscribe([KalshiWsChannels.MarketPositions, KalshiWsChannels.Fill]),
            };
            commands.AddRange(SyncLocked());
            return commands;
        }
    }

    /// <summary>A probe command for liveness (Kalshi answers it).</summary>
    public KalshiWsCommand Probe()
    {
        lock (_gate)
        {
            return _commands.ListSubscriptions();
        }
    }

    /// <summary>Sets the held markets; returns the commands that bring the socket in step.</summary>
    public IReadOnlyList<KalshiWsCommand> SetHeld(IEnumerable<string> tickers)
    {
        lock (_gate)
        {
            _desired.Clear();
            _desired.UnionWith(tickers);
            return SyncLocked();
        }
    }

    public IReadOnlyList<KalshiWsCommand> Add(string ticker)
    {
        lock (_gate)
        {
            return _desired.Add(ticker) ? SyncLocked() : [];
        }
    }

    public IReadOnlyList<KalshiWsCommand> Remove(string ticker)
    {
        lock (_gate)
        {
            return _desired.Remove(ticker) ? SyncLocked() : [];
        }
    }

    /// <summary>Kalshi acknowledged a subscription; returns the commands for whatever changed meanwhile.</summary>
    public IReadOnlyList<KalshiWsCommand> OnSubscribed(long? commandId, string channel, long sid)
    {
        lock (_gate)
        {
            if (channel != KalshiWsChannels.Ticker || commandId != _pendingCommandId || _requested is null)
            {
                return [];
            }
            _sid = sid;
            _server.UnionWith(_requested);
            _requested = null;
            _pendingCommandId = null;
            return SyncLocked();
        }
    }

    /// <summary>
    /// The answer to a <c>list_subscriptions</c> probe. Kalshi handles a socket's commands in order, so a subscribe
    /// still waiting for its ack when the list was asked for has been handled: a listed ticker subscription is it
    /// (its ack was lost), none means it failed. Either way the subscription gets back in step.
    /// </summary>
    public IReadOnlyList<KalshiWsCommand> OnListed(long? commandId, IReadOnlyList<KalshiWsSubscription> subscriptions)
    {
        lock (_gate)
        {
            if (_pendingCommandId is not { } pending || commandId is not { } listed || listed < pending || _requested is null)
            {
                return [];
            }
            var ticker = subscriptions.FirstOrDefault(s => s.Channel == KalshiWsChannels.Ticker);
            if (ticker is not null)
            {
                _sid = ticker.Sid;
                _server.UnionWith(_requested);
            }
            _requested = null;
            _pendingCommandId = null;
            return SyncLocked();
        }
    }

    /// <summary>Kalshi refused a command (e.g. the subscribe): forget it so the next change retries.</summary>
    public void OnError(long? commandId)
    {
        lock (_gate)
        {
            if (commandId is not null && commandId == _pendingCommandId)
            {
                _pendingCommandId = null;
                _requested = null;
            }
        }
    }

    private List<KalshiWsCommand> SyncLocked()
    {
        var commands = new List<KalshiWsCommand>();
        if (_pendingCommandId is not null)
        {
            return commands; // wait for the ack, then sync
        }
        if (_sid is not { } sid)
        {
            if (_desired.Count > 0)
            {
                var command = _commands.Subscribe([KalshiWsChannels.Ticker], _desired.Order(StringComparer.Ordinal));
                _pendingCommandId = command.Id;
                _requested = [.. _desired];
                commands.Add(command);
            }
            return commands;
        }

        if (_desired.Count == 0)
        {
            commands.Add(_commands.Unsubscribe([sid]));
            _sid = null;
            _server.Clear();
            return commands;
        }
        var add = _desired.Where(t => !_server.Contains(t)).Order(StringComparer.Ordinal).ToList();
        var remove = _server.Where(t => !_desired.Contains(t)).Order(StringComparer.Ordinal).ToList();
        if (add.Count > 0)
        {
            commands.Add(_commands.UpdateSubscription(sid, add, KalshiWsUpdateAction.AddMarkets));
            _server.UnionWith(add);
        }
        if (remove.Count > 0)
        {
            commands.Add(_commands.UpdateSubscription(sid, remove, KalshiWsUpdateAction.DeleteMarkets));
            _server.ExceptWith(remove);
        }
        return commands;
    }
}
