using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>An attempt or the whole call (retries included) exceeded its timeout.</summary>
public sealed class KalshiTimeoutException : KalshiApiException
{
    public KalshiTimeoutException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(KalshiErrorKind.Timeout, message, statusCode, error, requestMethod, requestPath, innerException)
    {
    }
}
