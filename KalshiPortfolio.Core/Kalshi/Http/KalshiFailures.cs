using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using KalshiPortfolio.Core.Kalshi.Errors;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace KalshiPortfolio.Core.Kalshi.Http;

/// <summary>Turns HTTP failures into the typed Kalshi exceptions, with messages that never contain secrets.</summary>
internal static class KalshiFailures
{
    public static KalshiApiException FromResponse(HttpStatusCode status, ReadOnlySpan<byte> body, string method, string path)
    {
        var error = KalshiErrorParser.TryParse(body);
        var code = (int)status;
        var said = error is null ? string.Empty : $": {error}";
        var call = $"{method} {path}";

        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new KalshiAuthenticationException(
                $"Kalshi rejected the API credentials for {call} (HTTP {code}{said}).{AuthenticationHint(status, error)}",
                status, error, method, path),
            HttpStatusCode.BadRequest => new KalshiBadRequestException(
                $"Kalshi rejected {call} as a bad request (HTTP 400{said}).", status, error, method, path),
            HttpStatusCode.NotFound => new KalshiNotFoundException(
                $"Kalshi found nothing at {call} (HTTP 404{said}).", status, error, method, path),
            HttpStatusCode.TooManyRequests => new KalshiRateLimitedException(
                $"Kalshi rate-limited {call} (HTTP 429{said}) and kept doing so through the retries with backoff. Slow down polling.",
                status, error, method, path),
            HttpStatusCode.ServiceUnavailable => new KalshiUnavailableException(
                $"Kalshi is unavailable for {call} (HTTP 503{said}); the exchange may be in maintenance (scheduled Thursdays 3–5 AM ET).",
                status, error, method, path),
            HttpStatusCode.RequestTimeout => new KalshiTimeoutException(
                $"Kalshi timed out {call} (HTTP 408{said}).", status, error, method, path),
            _ when code >= 500 => new KalshiServerException(
                $"Kalshi had a server error on {call} (HTTP {code}{said}) that persisted through the retries.",
                status, error, method, path),
            _ => new KalshiApiException(KalshiErrorKind.Other,
                $"Kalshi returned HTTP {code} for {call}{said}.", status, error, method, path),
        };
    }

    /// <summary>Maps transport exceptions; false for anything else, including the caller's own cancellation.</summary>
    public static bool TryMap(Exception exception, string method, string path, CancellationToken cancellationToken, [NotNullWhen(true)] out KalshiApiException? mapped)
    {
        var call = $"{method} {path}";
        mapped = exception switch
        {
            KalshiApiException => null,
            OperationCanceledException when cancellationToken.IsCancellationRequested => null,
            BrokenCircuitException => new KalshiUnavailableException(
                $"{call} was not sent: calls to this Kalshi host are paused after repeated failures (circuit breaker open). They resume automatically.",
                requestMethod: method, requestPath: path, innerException: exception, isCircuitOpen: true),
            TimeoutRejectedException timeout => new KalshiTimeoutException(
                $"{call} to Kalshi timed out after {timeout.Timeout.TotalSeconds:0.###} s.",
                requestMethod: method, requestPath: path, innerException: exception),
            OperationCanceledException => new KalshiTimeoutException(
                $"{call} to Kalshi timed out.", requestMethod: method, requestPath: path, innerException: exception),
            HttpRequestException http => new KalshiNetworkException(
                $"Could not reach Kalshi for {call}: {Describe(http)}.", requestMethod: method, requestPath: path, innerException: exception),
            IOException or SocketException => new KalshiNetworkException(
                $"The connection to Kalshi failed during {call}: {exception.Message}", requestMethod: method, requestPath: path, innerException: exception),
            _ => null,
        };
        return mapped is not null;
    }

    private static string Describe(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved (DNS)",
        HttpRequestError.ConnectionError => "the connection was refused or the host is unreachable",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before a complete response arrived",
        HttpRequestError.ProxyTunnelError => "the proxy refused the tunnel",
        _ => exception.Message,
    };

    private static string AuthenticationHint(HttpStatusCode status, KalshiError? error)
    {
        if (error is not null)
        {
            if (error.CodeStartsWith("header_timestamp_expired"))
            {
                return " The signed timestamp is outside Kalshi's window: check this machine's clock.";
            }

            if (error.CodeStartsWith("signature_is_missing"))
            {
                return " The request carried no signature.";
            }

            if (error.Details?.Contains("INCORRECT_API_KEY_SIGNATURE", StringComparison.OrdinalIgnoreCase) == true)
            {
                return " The signature does not verify: check that the private key belongs to this key id.";
            }

            if (string.Equals(error.Details, "NOT_FOUND", StringComparison.OrdinalIgnoreCase))
            {
                return " Kalshi does not know this key id here (demo and production keys are separate).";
            }
        }

        return status == HttpStatusCode.Forbidden
            ? " The key lacks the permission (scope or account tier) for this call."
            : " Check the key id and private key.";
    }
}
