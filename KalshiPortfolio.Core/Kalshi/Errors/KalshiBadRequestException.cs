using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>400: Kalshi rejected the request parameters (e.g. a limit above the maximum). Never retried.</summary>
public sealed class KalshiBadRequestException : KalshiApiException
{
    public KalshiBadRequestException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(KalshiErrorKind.BadRequest, message, statusCode, error, requestMethod, requestPath, innerException)
    {
    }
}
