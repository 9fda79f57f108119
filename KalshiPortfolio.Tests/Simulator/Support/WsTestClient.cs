using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace KalshiPortfolio.Tests.Simulator.Support;

/// <summary>A <see cref="ClientWebSocket"/> with a receive loop that queues text messages, for awaiting them with a timeout.</summary>
internal sealed class WsTestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _receiving;

    private WsTestClient(ClientWebSocket socket)
    {
        Socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public ClientWebSocket Socket { get; }

    /// <summary>Completes when the connection ends (close frame, abort or error).</summary>
    public Task Ended => _ended.Task;

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public Exception? Error { get; private set; }

    /// <param name="configure">Extra handshake options, e.g. headers from another signer (the client's <c>KalshiWebSocketAuth</c>).</param>
    public static async Task<WsTestClient> ConnectAsync(Uri uri, KalshiSigner? signer, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        signer?.Apply(socket.Options);
        configure?.Invoke(socket.Options);
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, timeout.Token);
        return new WsTestClient(socket);
    }

    /// <summary>Tries to connect and returns the HTTP status of a refused upgrade (or 101).</summary>
    public static async Task<int> HandshakeStatusAsync(Uri uri, KalshiSigner? signer, Action<ClientWebSocketOptions>? configure = null)
    {
        using var socket = new ClientWebSocket();
        signer?.Apply(socket.Options);
        configure?.Invoke(socket.Options);
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
            return (int)socket.HttpStatusCode;
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
    }

    public Task SendAsync(object command) => SendTextAsync(JsonSerializer.Serialize(command));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next text message, verbatim.</summary>
    public async Task<string> NextRawAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _messages.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no WebSocket message arrived in time");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the WebSocket ended ({CloseStatus?.ToString() ?? Error?.GetType().Name})");
        }
    }

    public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
    {
        var text = await NextRawAsync(timeout);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Skips messages until one matches.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("no matching WebSocket message arrived in time");
            var message = await NextAsync(left);
            if (predicate(message)) return message;
        }
    }

    public Task<JsonElement> WaitForTypeAsync(string type, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.TryGetProperty("type", out var t) && t.GetString() == type, timeout);

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                _messages.Writer.TryWrite(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                message.SetLength(0);
            }
        }
        catch (Exception e)
        {
            Error = e;
        }
        finally
        {
            _messages.Writer.TryComplete();
            _ended.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        Socket.Abort();
        await _receiving;
        Socket.Dispose();
    }
}
