using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>
/// 503 (maintenance or an exchange pause) that persisted after the retries, or the client's circuit breaker
/// for that host is open after repeated failures. In the second case <see cref="IsCircuitOpen"/> is true,
/// <see cref="KalshiApiException.Kind"/> is <see cref="KalshiErrorKind.CircuitOpen"/> and no request was sent.
/// </summary>
public sealed class KalshiUnavailableException : KalshiApiException
{
    public KalshiUnavailableException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null,
        bool isCircuitOpen = false)
        : base(isCircuitOpen ? KalshiErrorKind.CircuitOpen : KalshiErrorKind.Unavailable,
            message, statusCode, error, requestMethod, requestPath, innerException)
    {
        IsCircuitOpen = isCircuitOpen;
    }

    /// <summary>True when the client's circuit breaker rejected the call without sending it.</summary>
    public bool IsCircuitOpen { get; }
}
