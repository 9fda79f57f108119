using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>Kalshi's response could not be read: malformed JSON, a required field missing, a value of the wrong type, or a pagination cursor that repeats.</summary>
public sealed class KalshiProtocolException : KalshiApiException
{
    public KalshiProtocolException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(KalshiErrorKind.Protocol, message, statusCode, error, requestMethod, requestPath, innerException)
    {
    }
}
