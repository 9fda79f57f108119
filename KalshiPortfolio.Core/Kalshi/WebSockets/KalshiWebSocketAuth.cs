using System.Net.WebSockets;
using KalshiPortfolio.Core.Kalshi.Auth;

namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>
/// Authentication of the WebSocket handshake: the same three headers as REST, signing
/// <c>timestamp + "GET" + path</c> where the path is the WebSocket URI's path (e.g. <c>/trade-api/ws/v2</c>),
/// without any query. Create fresh headers for every (re)connect.
/// </summary>
public static class KalshiWebSocketAuth
{
    /// <summary>The handshake headers for <paramref name="webSocketUri"/> at the current time of <paramref name="clock"/>.</summary>
    public static KalshiAuthHeaders CreateHeaders(KalshiSigner signer, Uri webSocketUri, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(webSocketUri);
        if (!webSocketUri.IsAbsoluteUri)
        {
            throw new ArgumentException("The WebSocket URI must be absolute, e.g. wss://external-api-ws.kalshi.com/trade-api/ws/v2.", nameof(webSocketUri));
        }

        return signer.CreateAuthHeaders(clock ?? TimeProvider.System, "GET", webSocketUri.AbsolutePath);
    }

    /// <summary>Sets fresh handshake headers on a <see cref="ClientWebSocket"/>'s options before <c>ConnectAsync</c>.</summary>
    public static void Apply(ClientWebSocketOptions options, KalshiSigner signer, Uri webSocketUri, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, value) in CreateHeaders(signer, webSocketUri, clock).ToList())
        {
            options.SetRequestHeader(name, value);
        }
    }
}
