using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>
/// Base of every failure of a Kalshi API call. Messages never contain credentials, signatures or key material.
/// Catch a derived type for one case, or this type and switch on <see cref="Kind"/>.
/// </summary>
public class KalshiApiException : Exception
{
    public KalshiApiException(
        KalshiErrorKind kind,
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Error = error;
        RequestMethod = requestMethod;
        RequestPath = requestPath;
    }

    /// <summary>The kind of failure (for metrics and UI decisions).</summary>
    public KalshiErrorKind Kind { get; }

    /// <summary>The HTTP status Kalshi returned, or null when no response arrived (network, timeout, open circuit).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Kalshi's error body (code, message, details), when one was returned and could be read.</summary>
    public KalshiError? Error { get; }

    /// <summary>The HTTP method of the failed call, e.g. GET.</summary>
    public string? RequestMethod { get; }

    /// <summary>The URL path of the failed call without the query, e.g. <c>/trade-api/v2/portfolio/balance</c>.</summary>
    public string? RequestPath { get; }
}
