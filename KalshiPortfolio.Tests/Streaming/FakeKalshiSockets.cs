using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Streaming.Upstream;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// Creates <see cref="FakeKalshiSocket"/>s whose connects succeed or fail as the test says, and records every
/// attempt with the (fake) time it was made.
/// </summary>
internal sealed class FakeKalshiSocketFactory(TimeProvider time) : IKalshiSocketFactory
{
    private readonly ConcurrentQueue<FakeKalshiSocket> _created = new();
    private readonly ConcurrentQueue<DateTimeOffset> _attempts = new();
    private volatile Func<int, Exception?> _outcome = _ => null;

    public IReadOnlyList<FakeKalshiSocket> Created => _created.ToArray();

    /// <summary>Connect attempts so far, with the clock's time at each.</summary>
    public IReadOnlyList<DateTimeOffset> Attempts => _attempts.ToArray();

    public FakeKalshiSocket? Current => _created.LastOrDefault(s => s.IsOpen);

    /// <summary>Every connect from now on fails like a refused handshake (HTTP <paramref name="status"/>), or times out when null.</summary>
    public void Refuse(HttpStatusCode? status = HttpStatusCode.ServiceUnavailable) =>
        _outcome = _ => new KalshiSocketException(
            status is { } code ? $"Kalshi answered the WebSocket handshake with HTTP {(int)code}" : "The WebSocket handshake timed out.", status);

    /// <summary>Every connect from now on succeeds.</summary>
    public void Accept() => _outcome = _ => null;

    public IKalshiSocket Create(Uri webSocketUri, KalshiSigner signer)
    {
        var socket = new FakeKalshiSocket(this);
        _created.Enqueue(socket);
        return socket;
    }

    internal Exception? OnConnect()
    {
        _attempts.Enqueue(time.GetUtcNow());
        return _outcome(_attempts.Count);
    }
}

/// <summary>
/// A Kalshi WebSocket in memory. It answers commands as Kalshi does (one <c>subscribed</c> per channel with its own
/// sid, <c>ok</c> to update_subscription and list_subscriptions) unless <see cref="Silent"/>; frames are delivered
/// one at a time on a receive loop of their own, as a real socket does.
/// </summary>
internal sealed class FakeKalshiSocket(FakeKalshiSocketFactory factory) : IKalshiSocket
{
    private static long s_sid;
    private readonly Channel<string> _inbound = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<string> _sent = new();
    private int _closed;
    private Task? _receiveLoop;

    public event Action<string>? MessageReceived;

    public event Action<string>? Closed;

    public bool IsOpen { get; private set; }

    /// <summary>When true, commands are swallowed without an answer (a socket that went silent).</summary>
    public bool Silent { get; set; }

    public bool CloseCalled { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>Frames delivered to the app so far.</summary>
    public int Delivered;

    public IReadOnlyList<string> Sent => _sent.ToArray();

    /// <summary>The commands sent, parsed.</summary>
    public IReadOnlyList<JsonElement> Commands => _sent.Select(s => JsonDocument.Parse(s).RootElement.Clone()).ToList();

    public IReadOnlyList<JsonElement> CommandsNamed(string cmd) =>
        Commands.Where(c => c.GetProperty("cmd").GetString() == cmd).ToList();

    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (factory.OnConnect() is { } failure)
        {
            return Task.FromException(failure);
        }
        IsOpen = true;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        return Task.CompletedTask;
    }

    public bool Send(string text)
    {
        if (!IsOpen)
        {
            return false;
        }
        _sent.Enqueue(text);
        if (!Silent)
        {
            Answer(JsonDocument.Parse(text).RootElement);
        }
        return true;
    }

    /// <summary>A frame from "Kalshi".</summary>
    public void Push(string frame) => _inbound.Writer.TryWrite(frame);

    /// <summary>The connection is lost (as a network failure).</summary>
    public void Drop(string reason = "connection lost")
    {
        IsOpen = false;
        _inbound.Writer.TryComplete();
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Closed?.Invoke(reason);
        }
    }

    public Task CloseAsync(string reason)
    {
        CloseCalled = true;
        Drop("closed");
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Disposed = true;
        IsOpen = false;
        _inbound.Writer.TryComplete();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        await foreach (var frame in _inbound.Reader.ReadAllAsync())
        {
            MessageReceived?.Invoke(frame);
            Interlocked.Increment(ref Delivered);
        }
    }

    private void Answer(JsonElement command)
    {
        var id = command.GetProperty("id").GetInt64();
        switch (command.GetProperty("cmd").GetString())
        {
            case "subscribe":
                foreach (var channel in command.GetProperty("params").GetProperty("channels").EnumerateArray())
                {
                    Push("{\"id\":" + id + ",\"type\":\"subscribed\",\"msg\":{\"channel\":\"" + channel.GetString() + "\",\"sid\":" + Interlocked.Increment(ref s_sid) + "}}");
                }
                break;
            case "update_subscription":
                Push("{\"id\":" + id + ",\"type\":\"ok\",\"msg\":{\"market_tickers\":[]}}");
                break;
            case "list_subscriptions":
                Push($$"""{"id":{{id}},"type":"ok","msg":[]}""");
                break;
            case "unsubscribe":
                Push($$"""{"id":{{id}},"type":"unsubscribed"}""");
                break;
        }
    }
}
