using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>404: the market, event or other resource does not exist. Never retried.</summary>
public sealed class KalshiNotFoundException : KalshiApiException
{
    public KalshiNotFoundException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(KalshiErrorKind.NotFound, message, statusCode, error, requestMethod, requestPath, innerException)
    {
    }
}
