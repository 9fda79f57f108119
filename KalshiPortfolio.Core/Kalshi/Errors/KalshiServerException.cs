using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>500, 502, 504 or another 5xx that persisted after the retries.</summary>
public sealed class KalshiServerException : KalshiApiException
{
    public KalshiServerException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(KalshiErrorKind.ServerError, message, statusCode, error, requestMethod, requestPath, innerException)
    {
    }
}
