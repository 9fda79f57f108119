using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>No HTTP response: connection refused or reset, DNS failure, TLS failure (after the retries).</summary>
public sealed class KalshiNetworkException : KalshiApiException
{
    public KalshiNetworkException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(KalshiErrorKind.Network, message, statusCode, error, requestMethod, requestPath, innerException)
    {
    }
}
