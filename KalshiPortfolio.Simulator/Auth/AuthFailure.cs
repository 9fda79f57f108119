using KalshiPortfolio.Simulator.Api;

namespace KalshiPortfolio.Simulator.Auth;

/// <summary>Why a signed request was refused; each maps to the 401 body Kalshi returns (captures <c>auth__*.json</c>).</summary>
internal enum AuthFailure
{
    None,

    /// <summary>A <c>KALSHI-ACCESS-*</c> header is absent: <c>signature_is_missing_from_headers</c>.</summary>
    MissingHeaders,

    /// <summary>No account has that key id: <c>authentication_error</c> / <c>NOT_FOUND</c>.</summary>
    UnknownKey,

    /// <summary>The timestamp is outside the window (or not a number): <c>header_timestamp_expired</c>.</summary>
    TimestampExpired,

    /// <summary>The signature does not verify: <c>authentication_error</c> / <c>INCORRECT_API_KEY_SIGNATURE</c>.</summary>
    BadSignature,
}

internal static class AuthFailureBodies
{
    public static Task Write(HttpResponse response, AuthFailure failure) => failure switch
    {
        AuthFailure.MissingHeaders => ErrorBodies.WriteNested(response, 401, "signature_is_missing_from_headers", "signature is missing from headers"),
        AuthFailure.UnknownKey => ErrorBodies.WriteNested(response, 401, "authentication_error", "authentication_error", "NOT_FOUND"),
        AuthFailure.TimestampExpired => ErrorBodies.WriteNested(response, 401, "header_timestamp_expired", "header timestamp expired"),
        _ => ErrorBodies.WriteNested(response, 401, "authentication_error", "authentication_error", "INCORRECT_API_KEY_SIGNATURE"),
    };
}
