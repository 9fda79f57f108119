using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>429 that persisted after the retries with exponential backoff (Kalshi sends no Retry-After).</summary>
public sealed class KalshiRateLimitedException : KalshiApiException
{
    public KalshiRateLimitedException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(KalshiErrorKind.RateLimited, message, statusCode, error, requestMethod, requestPath, innerException)
    {
    }
}
