using System.Net;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>401 or 403: Kalshi rejected the credentials. <see cref="KalshiApiException.Error"/> keeps Kalshi's code and details (e.g. <c>authentication_error</c> / <c>INCORRECT_API_KEY_SIGNATURE</c>, <c>NOT_FOUND</c> for an unknown key id, <c>header_timestamp_expired</c> for clock skew). Never retried.</summary>
public sealed class KalshiAuthenticationException : KalshiApiException
{
    public KalshiAuthenticationException(
        string message,
        HttpStatusCode? statusCode = null,
        KalshiError? error = null,
        string? requestMethod = null,
        string? requestPath = null,
        Exception? innerException = null)
        : base(KalshiErrorKind.InvalidCredentials, message, statusCode, error, requestMethod, requestPath, innerException)
    {
    }

    /// <summary>
    /// Kalshi refused the request's timestamp (<c>header_timestamp_expired</c>: the clock is off, or the request was
    /// delayed), not the key: worth retrying, never a reason to ask the user to sign in again.
    /// </summary>
    public bool IsTimestampRefused =>
        Error?.CodeStartsWith("header_timestamp") == true
        || Error?.Details?.Contains("timestamp", StringComparison.OrdinalIgnoreCase) == true;
}
