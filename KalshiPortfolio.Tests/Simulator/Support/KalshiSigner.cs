using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace KalshiPortfolio.Tests.Simulator.Support;

/// <summary>
/// The tests' own Kalshi request signer (independent of KalshiPortfolio.Core): RSA-PSS SHA-256 over
/// <c>timestamp_ms + METHOD + path</c>, base64 in <c>KALSHI-ACCESS-SIGNATURE</c>.
/// </summary>
internal sealed class KalshiSigner(string keyId, RSA key, Func<DateTimeOffset> now)
{
    public string KeyId { get; } = keyId;

    /// <summary>Shifts the timestamp (clock skew).</summary>
    public TimeSpan Skew { get; set; }

    /// <summary>Overrides the signed path (to test wrong-path signatures).</summary>
    public Func<string, string>? SignedPath { get; set; }

    public (string Timestamp, string Signature) Sign(string method, string path)
    {
        var timestamp = (now() + Skew).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var message = Encoding.UTF8.GetBytes(timestamp + method + (SignedPath?.Invoke(path) ?? path));
        var signature = Convert.ToBase64String(key.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        return (timestamp, signature);
    }

    public void Apply(HttpRequestMessage request)
    {
        var (timestamp, signature) = Sign(request.Method.Method, request.RequestUri!.AbsolutePath);
        request.Headers.Remove("KALSHI-ACCESS-KEY");
        request.Headers.Remove("KALSHI-ACCESS-TIMESTAMP");
        request.Headers.Remove("KALSHI-ACCESS-SIGNATURE");
        request.Headers.Add("KALSHI-ACCESS-KEY", KeyId);
        request.Headers.Add("KALSHI-ACCESS-TIMESTAMP", timestamp);
        request.Headers.Add("KALSHI-ACCESS-SIGNATURE", signature);
    }

    public void Apply(ClientWebSocketOptions options, string path = "/trade-api/ws/v2")
    {
        var (timestamp, signature) = Sign("GET", path);
        options.SetRequestHeader("KALSHI-ACCESS-KEY", KeyId);
        options.SetRequestHeader("KALSHI-ACCESS-TIMESTAMP", timestamp);
        options.SetRequestHeader("KALSHI-ACCESS-SIGNATURE", signature);
    }
}

/// <summary>Signs every request of an <see cref="HttpClient"/>.</summary>
internal sealed class SigningHandler(KalshiSigner signer) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        signer.Apply(request);
        return base.SendAsync(request, cancellationToken);
    }
}
