using System.Net.WebSockets;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.Simulator.Support;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator.Support;

/// <summary>
/// A <see cref="ClientWebSocket"/> authenticated with the client's <see cref="KalshiWebSocketAuth"/>, speaking through
/// the client's <see cref="KalshiWsCommands"/> and reading every frame with <see cref="KalshiWsMessageParser"/>.
/// </summary>
internal sealed class ClientWebSocketSession : IAsyncDisposable
{
    private readonly WsTestClient _socket;

    private ClientWebSocketSession(WsTestClient socket)
    {
        _socket = socket;
    }

    /// <summary>The session's command builder (ids increase per connection, as Kalshi requires).</summary>
    public KalshiWsCommands Commands { get; } = new();

    public ClientWebSocket Socket => _socket.Socket;

    /// <summary>Completes when the connection ends (close frame, abort or error).</summary>
    public Task Ended => _socket.Ended;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<ClientWebSocketSession> ConnectAsync(Uri webSocketUri, CoreSigner signer, TimeProvider clock) =>
        new(await WsTestClient.ConnectAsync(webSocketUri, null, o => KalshiWebSocketAuth.Apply(o, signer, webSocketUri, clock)));

    public Task SendAsync(KalshiWsCommand command) => _socket.SendTextAsync(command.Json);

    /// <summary>Sends a frame the command builder cannot make (e.g. an unknown command).</summary>
    public Task SendRawAsync(string text) => _socket.SendTextAsync(text);

    /// <summary>The next frame, verbatim.</summary>
    public Task<string> NextRawAsync(TimeSpan? timeout = null) => _socket.NextRawAsync(timeout);

    /// <summary>The next frame, parsed by the client's parser.</summary>
    public async Task<KalshiWsMessage> NextAsync(TimeSpan? timeout = null) => KalshiWsMessageParser.Parse(await _socket.NextRawAsync(timeout));

    /// <summary>The next frame, which must parse as <typeparamref name="T"/>.</summary>
    public async Task<T> NextAsync<T>(TimeSpan? timeout = null)
        where T : KalshiWsMessage
    {
        var message = await NextAsync(timeout);
        return message.Should().BeOfType<T>("the next frame should be a {0}", typeof(T).Name).Subject;
    }

    /// <summary>Subscribes and returns the acks (one per channel).</summary>
    public async Task<IReadOnlyList<KalshiWsSubscribed>> SubscribeAsync(IReadOnlyList<string> channels, IEnumerable<string>? marketTickers = null)
    {
        var command = Commands.Subscribe(channels, marketTickers);
        await SendAsync(command);
        var acks = new List<KalshiWsSubscribed>();
        for (var i = 0; i < channels.Count; i++)
        {
            var ack = await NextAsync<KalshiWsSubscribed>();
            ack.Id.Should().Be(command.Id);
            acks.Add(ack);
        }
        return acks;
    }

    public ValueTask DisposeAsync() => _socket.DisposeAsync();
}
