namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>What kind of failure a <see cref="KalshiApiException"/> is; stable values for metrics and UI.</summary>
public enum KalshiErrorKind
{
    /// <summary>An HTTP status without a more specific kind (e.g. 409).</summary>
    Other = 0,

    /// <summary>401/403: bad key id, bad signature, expired timestamp, missing headers, insufficient scope.</summary>
    InvalidCredentials,

    /// <summary>400: the request was rejected as invalid.</summary>
    BadRequest,

    /// <summary>404: unknown market, event or other resource.</summary>
    NotFound,

    /// <summary>429 that persisted through the retries.</summary>
    RateLimited,

    /// <summary>503: the exchange is in maintenance or otherwise unavailable.</summary>
    Unavailable,

    /// <summary>The client's circuit breaker is open after repeated failures; no request was sent.</summary>
    CircuitOpen,

    /// <summary>500, 502, 504 or another 5xx that persisted through the retries.</summary>
    ServerError,

    /// <summary>An attempt or the whole call took longer than its timeout.</summary>
    Timeout,

    /// <summary>The network failed: connection refused or reset, DNS failure, TLS failure.</summary>
    Network,

    /// <summary>Kalshi answered with something the client cannot read (malformed JSON, missing required fields).</summary>
    Protocol,
}
