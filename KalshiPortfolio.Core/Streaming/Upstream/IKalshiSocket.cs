namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>One WebSocket connection to Kalshi. Created per connect, so every handshake is signed afresh.</summary>
public interface IKalshiSocket : IAsyncDisposable
{
    /// <summary>Opens the connection. Throws <see cref="KalshiSocketException"/> when it cannot.</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Queues a text frame. False when the socket is not open.</summary>
    bool Send(string text);

    /// <summary>Each text frame received, on the socket's receive loop (keep handlers short; they must not throw).</summary>
    event Action<string>? MessageReceived;

    /// <summary>Raised once when the connection ends for any reason after it was open.</summary>
    event Action<string>? Closed;

    /// <summary>Closes the connection (normal closure).</summary>
    Task CloseAsync(string reason);
}

/// <summary>Creates sockets for one user.</summary>
public interface IKalshiSocketFactory
{
    IKalshiSocket Create(Uri webSocketUri, Kalshi.Auth.KalshiSigner signer);
}
