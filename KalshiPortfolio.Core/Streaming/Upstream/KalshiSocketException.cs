using System.Net;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>A WebSocket connect to Kalshi failed. <see cref="StatusCode"/> is the HTTP answer to the handshake, if any.</summary>
public sealed class KalshiSocketException(string message, HttpStatusCode? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>Kalshi refused the key (401/403): retrying cannot help.</summary>
    public bool IsAuthenticationFailure => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
