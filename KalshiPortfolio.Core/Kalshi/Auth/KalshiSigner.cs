using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace KalshiPortfolio.Core.Kalshi.Auth;

/// <summary>
/// Signs Kalshi requests for one API key: RSA-PSS with SHA-256, MGF1(SHA-256) and a 32-byte salt over
/// <c>timestamp_ms + METHOD + path</c>, where the path is the full URL path (including <c>/trade-api/v2</c>)
/// without the query string. PSS is randomised, so signing the same message twice gives different signatures.
/// Thread-safe. Dispose it when the credentials are no longer needed. <see cref="ToString"/> and the debugger
/// display never reveal the key id or the key.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class KalshiSigner : IDisposable
{
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly RSA _rsa;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string _keyId;

    private readonly Lock _gate = new();
    private bool _disposed;

    private KalshiSigner(string keyId, RSA rsa)
    {
        _keyId = keyId;
        _rsa = rsa;
    }

    /// <summary>
    /// Creates a signer from an API key id and its private key in PEM: PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>) or
    /// PKCS#8 (<c>BEGIN PRIVATE KEY</c>). Surrounding whitespace, Windows line endings and literal <c>\n</c>
    /// escapes are tolerated.
    /// </summary>
    /// <exception cref="InvalidKalshiKeyException">The key id is empty, or the key is malformed, encrypted, a public key,
    /// not RSA, or too small; the message says which.</exception>
    public static KalshiSigner FromPem(string keyId, string privateKeyPem)
    {
        var id = keyId?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            throw new InvalidKalshiKeyException(InvalidKalshiKeyReason.InvalidKeyId, "The API key id is empty. Copy the Key ID shown next to the API key in Kalshi's settings.");
        }

        if (id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c > '\u007e'))
        {
            throw new InvalidKalshiKeyException(InvalidKalshiKeyReason.InvalidKeyId, "The API key id contains spaces, line breaks or non-ASCII characters. Copy only the Key ID (a UUID such as 01234567-89ab-cdef-0123-456789abcdef).");
        }

        return new KalshiSigner(id, KalshiPrivateKeyReader.Read(privateKeyPem));
    }

    /// <summary>The API key id (sent in <c>KALSHI-ACCESS-KEY</c>).</summary>
    internal string KeyId => _keyId;

    /// <summary>
    /// Signs <c>timestampMs + METHOD + path</c> and returns the base64 signature. The method is upper-cased; a
    /// query string or fragment on <paramref name="path"/> is dropped, because Kalshi signs the path alone.
    /// </summary>
    public string Sign(long timestampMs, string method, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(path);

        var message = Encoding.UTF8.GetBytes(BuildMessage(timestampMs, method, path));
        byte[] signature;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            signature = _rsa.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }

        return Convert.ToBase64String(signature);
    }

    /// <summary>
    /// The three auth headers for a request at the current time of <paramref name="clock"/>.
    /// <paramref name="pathAndQuery"/> may carry a query string; it is not signed.
    /// </summary>
    public KalshiAuthHeaders CreateAuthHeaders(TimeProvider clock, string method, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return new KalshiAuthHeaders(_keyId, timestamp, Sign(timestamp, method, pathAndQuery));
    }

    /// <summary>The exact text that is signed: timestamp + upper-case method + path without query or fragment.</summary>
    public static string BuildMessage(long timestampMs, string method, string path) =>
        timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + method.ToUpperInvariant()
        + StripQuery(path);

    /// <summary>The public half of the key in SubjectPublicKeyInfo PEM (safe to show or to upload).</summary>
    public string ExportPublicKeyPem()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _rsa.ExportSubjectPublicKeyInfoPem();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _rsa.Dispose();
            }
        }
    }

    /// <summary>Never reveals the key id or the key.</summary>
    public override string ToString() => "KalshiSigner(RSA-PSS/SHA-256, key id and key hidden)";

    private static string StripQuery(string path)
    {
        var end = path.AsSpan().IndexOfAny('?', '#');
        return end < 0 ? path : path[..end];
    }
}
