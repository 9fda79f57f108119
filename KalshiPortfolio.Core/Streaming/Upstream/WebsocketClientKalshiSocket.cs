using System.Net;
using System.Net.WebSockets;
using System.Reactive.Linq;
using System.Text;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Websocket.Client;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// One Kalshi WebSocket on Marfusios' Websocket.Client. The library's own reconnection is switched off (its
/// fixed one-minute timers do not fit): the <see cref="KalshiUpstream"/> decides when to reconnect and creates a
/// new socket each time, so every handshake is signed afresh.
/// </summary>
public sealed class WebsocketClientKalshiSocket : IKalshiSocket
{
    private readonly WebsocketClient _client;
    private readonly IDisposable _messages;
    private readonly IDisposable _disconnections;
    private int _open;
    private int _closedRaised;

    public WebsocketClientKalshiSocket(Uri webSocketUri, KalshiSigner signer, TimeProvider time, TimeSpan connectTimeout, ILogger<WebsocketClient> logger)
    {
        _client = new WebsocketClient(webSocketUri, logger, (uri, ct) => ConnectNativeAsync(uri, signer, time, ct))
        {
            Name = "kalshi",
            IsReconnectionEnabled = false,
            ReconnectTimeout = null,
            ErrorReconnectTimeout = null,
            LostReconnectTimeout = null,
            ConnectTimeout = connectTimeout,
        };
        _messages = _client.MessageReceived.Subscribe(OnMessage);
        _disconnections = _client.DisconnectionHappened.Subscribe(OnDisconnection);
    }

    public event Action<string>? MessageReceived;

    public event Action<string>? Closed;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.StartOrFail().WaitAsync(_client.ConnectTimeout + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Unwrap(ex);
        }
    }

    public bool Send(string text) => _client.Send(text);

    public Task CloseAsync(string reason) => _client.Stop(WebSocketCloseStatus.NormalClosure, reason);

    public ValueTask DisposeAsync()
    {
        _messages.Dispose();
        _disconnections.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<WebSocket> ConnectNativeAsync(Uri uri, KalshiSigner signer, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        // Kalshi pings every 10 s (answered by the runtime); our own pings keep NATs and proxies open.
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        KalshiWebSocketAuth.Apply(socket.Options, signer, uri, time);
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            // Open from here on: a close, even one arriving before StartOrFail returns, must be reported.
            Volatile.Write(ref _open, 1);
            return socket;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            var status = socket.HttpStatusCode == 0 ? (HttpStatusCode?)null : socket.HttpStatusCode;
            socket.Dispose();
            var what = status is { } code ? $"Kalshi answered the WebSocket handshake with HTTP {(int)code}" : $"The WebSocket connection failed: {ex.Message}";
            throw new KalshiSocketException(what, status, ex);
        }
    }

    private static KalshiSocketException Unwrap(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is KalshiSocketException known)
            {
                return known;
            }
        }
        return ex is TimeoutException or OperationCanceledException
            ? new KalshiSocketException("The WebSocket handshake timed out.", null, ex)
            : new KalshiSocketException($"The WebSocket connection failed: {ex.Message}", null, ex);
    }

    private void OnMessage(ResponseMessage message)
    {
        var text = message.MessageType == WebSocketMessageType.Text
            ? message.Text
            : message.Binary is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
        if (text is not null)
        {
            MessageReceived?.Invoke(text);
        }
    }

    private void OnDisconnection(DisconnectionInfo info)
    {
        if (Volatile.Read(ref _open) == 1 && Interlocked.Exchange(ref _closedRaised, 1) == 0)
        {
            var reason = info.Type switch
            {
                DisconnectionType.ByServer => $"closed by Kalshi ({info.CloseStatus} {info.CloseStatusDescription})".TrimEnd(),
                DisconnectionType.Lost => "connection lost" + (info.Exception is { } e ? $": {e.Message}" : ""),
                DisconnectionType.ByUser => "closed",
                DisconnectionType.Exit => "closed",
                _ => $"disconnected ({info.Type})",
            };
            Closed?.Invoke(reason);
        }
    }
}

/// <summary>Creates <see cref="WebsocketClientKalshiSocket"/>s.</summary>
public sealed class WebsocketClientKalshiSocketFactory(TimeProvider time, IOptions<StreamingOptions> options, ILoggerFactory loggers) : IKalshiSocketFactory
{
    public IKalshiSocket Create(Uri webSocketUri, KalshiSigner signer) =>
        new WebsocketClientKalshiSocket(webSocketUri, signer, time, options.Value.ConnectTimeout, loggers.CreateLogger<WebsocketClient>());
}
