namespace KalshiPortfolio.Core.Kalshi.Auth;

/// <summary>Why an API key could not be used; lets a UI show a specific hint.</summary>
public enum InvalidKalshiKeyReason
{
    /// <summary>The key id is empty or contains characters that cannot go in an HTTP header.</summary>
    InvalidKeyId,

    /// <summary>No private key text was given.</summary>
    Empty,

    /// <summary>The text has no PEM block (<c>-----BEGIN ...-----</c>).</summary>
    NotPem,

    /// <summary>A PEM block is present but damaged (bad base64, missing END line, wrong contents).</summary>
    Malformed,

    /// <summary>The private key is protected by a passphrase.</summary>
    Encrypted,

    /// <summary>A public key or a certificate was given instead of the private key.</summary>
    PublicKeyInsteadOfPrivate,

    /// <summary>The key is not RSA (e.g. EC, Ed25519, DSA).</summary>
    NotRsa,

    /// <summary>The key is in a container .NET cannot read here (e.g. OpenSSH format).</summary>
    UnsupportedFormat,

    /// <summary>The RSA key is too short to sign RSA-PSS/SHA-256 safely.</summary>
    KeyTooSmall,
}
