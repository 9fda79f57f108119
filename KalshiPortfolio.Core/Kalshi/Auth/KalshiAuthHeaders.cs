namespace KalshiPortfolio.Core.Kalshi.Auth;

/// <summary>
/// The three headers that authenticate one Kalshi request (REST call or WebSocket handshake).
/// <see cref="ToString"/> shows only the timestamp.
/// </summary>
public sealed class KalshiAuthHeaders
{
    /// <summary><c>KALSHI-ACCESS-KEY</c>: the API key id.</summary>
    public const string AccessKeyHeader = "KALSHI-ACCESS-KEY";

    /// <summary><c>KALSHI-ACCESS-TIMESTAMP</c>: Unix time in milliseconds, as decimal text.</summary>
    public const string TimestampHeader = "KALSHI-ACCESS-TIMESTAMP";

    /// <summary><c>KALSHI-ACCESS-SIGNATURE</c>: base64 RSA-PSS/SHA-256 signature of timestamp + METHOD + path.</summary>
    public const string SignatureHeader = "KALSHI-ACCESS-SIGNATURE";

    internal KalshiAuthHeaders(string accessKey, long timestampMs, string signature)
    {
        AccessKey = accessKey;
        TimestampMs = timestampMs;
        Signature = signature;
    }

    /// <summary>The API key id.</summary>
    public string AccessKey { get; }

    /// <summary>The signed timestamp (Unix milliseconds).</summary>
    public long TimestampMs { get; }

    /// <summary>The base64 signature.</summary>
    public string Signature { get; }

    /// <summary>The headers as name/value pairs, in the order Kalshi documents them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToList() =>
    [
        new(AccessKeyHeader, AccessKey),
        new(TimestampHeader, TimestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(SignatureHeader, Signature),
    ];

    /// <summary>Never reveals the key id or the signature.</summary>
    public override string ToString() => $"KalshiAuthHeaders(timestamp={TimestampMs}, key and signature hidden)";
}
