using KalshiPortfolio.Core.Kalshi.WebSockets;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// The current socket and the ticker subscription kept on it. Commands are computed and sent under one lock, so
/// commands from the receive loop and from a reconcile reach the socket in the order they were decided.
/// </summary>
internal sealed class SocketCommands
{
    private readonly Lock _gate = new();
    private readonly TickerSubscriptions _tickers = new();
    private IKalshiSocket? _socket;

    public IReadOnlyCollection<string> Desired => _tickers.Desired;

    public long? TickerSid => _tickers.Sid;

    public bool HasSocket { get { lock (_gate) { return _socket is not null; } } }

    /// <summary>A socket opened: subscribe to the private channels and the held markets' tickers.</summary>
    public void Attach(IKalshiSocket socket, IEnumerable<string> held)
    {
        lock (_gate)
        {
            _socket = socket;
            _tickers.SetHeld(held);
            Send(_tickers.OnConnected());
        }
    }

    public void Detach()
    {
        lock (_gate)
        {
            _socket = null;
        }
    }

    public void Probe()
    {
        lock (_gate)
        {
            Send([_tickers.Probe()]);
        }
    }

    public void Sync(Func<TickerSubscriptions, IReadOnlyList<KalshiWsCommand>> decide)
    {
        lock (_gate)
        {
            Send(decide(_tickers));
        }
    }

    public void OnError(long? commandId)
    {
        lock (_gate)
        {
            _tickers.OnError(commandId);
        }
    }

    private void Send(IReadOnlyList<KalshiWsCommand> commands)
    {
        if (_socket is not { } socket)
        {
            return;
        }
        foreach (var command in commands)
        {
            socket.Send(command.Json);
        }
    }
}
