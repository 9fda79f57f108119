using System.Globalization;
using System.Text;
using KalshiPortfolio.Simulator.Exchange;
using Microsoft.AspNetCore.Http.Features;

namespace KalshiPortfolio.Simulator.Auth;

/// <summary>
/// Kalshi's API-key authentication: <c>KALSHI-ACCESS-KEY</c> (key id), <c>KALSHI-ACCESS-TIMESTAMP</c> (Unix ms) and
/// <c>KALSHI-ACCESS-SIGNATURE</c> (base64 RSA-PSS SHA-256, salt 32, over <c>timestamp + METHOD + path</c>, the path
/// from the root without the query string), verified with the account's public key.
/// </summary>
internal sealed class RequestAuthenticator(SimulatedExchange exchange, SimulatorOptions options, TimeProvider time)
{
    public const string KeyHeader = "KALSHI-ACCESS-KEY";
    public const string TimestampHeader = "KALSHI-ACCESS-TIMESTAMP";
    public const string SignatureHeader = "KALSHI-ACCESS-SIGNATURE";

    /// <summary>True when the request carries any of the three headers.</summary>
    public static bool HasAnyHeader(HttpRequest request) =>
        request.Headers.ContainsKey(KeyHeader) || request.Headers.ContainsKey(TimestampHeader) || request.Headers.ContainsKey(SignatureHeader);

    public AuthFailure Authenticate(HttpRequest request, out Account? account)
    {
        account = null;
        var keyId = request.Headers[KeyHeader].ToString();
        var timestamp = request.Headers[TimestampHeader].ToString();
        var signature = request.Headers[SignatureHeader].ToString();
        if (keyId.Length == 0 || timestamp.Length == 0 || signature.Length == 0) return AuthFailure.MissingHeaders;

        var found = exchange.FindAccount(keyId);
        if (found is null) return AuthFailure.UnknownKey;

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return AuthFailure.TimestampExpired;
        var skew = time.GetUtcNow().ToUnixTimeMilliseconds() - ms;
        if (Math.Abs((double)skew) > options.TimestampWindow.TotalMilliseconds) return AuthFailure.TimestampExpired;

        byte[] signatureBytes;
        try
        {
            signatureBytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return AuthFailure.BadSignature;
        }

        var message = Encoding.UTF8.GetBytes(timestamp + request.Method.ToUpperInvariant() + SignedPath(request));
        if (!found.Verify(message, signatureBytes)) return AuthFailure.BadSignature;
        account = found;
        return AuthFailure.None;
    }

    /// <summary>The request-target as sent, without the query string (falls back to PathBase + Path).</summary>
    private static string SignedPath(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/') raw = (request.PathBase + request.Path).ToUriComponent();
        var query = raw.IndexOf('?');
        return query >= 0 ? raw[..query] : raw;
    }
}
