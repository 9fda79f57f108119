using System.Formats.Asn1;
using System.Security.Cryptography;

namespace KalshiPortfolio.Core.Kalshi.Auth;

/// <summary>
/// Turns pasted PEM text into an <see cref="RSA"/> private key, or explains precisely why it cannot.
/// Messages name the PEM label and the problem, never the key bytes.
/// </summary>
internal static class KalshiPrivateKeyReader
{
    private const int MinimumKeySizeBits = 2048;

    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    private static readonly Dictionary<string, string> KnownAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.2.1"] = "an EC (ECDSA) key",
        ["1.3.101.112"] = "an Ed25519 key",
        ["1.3.101.113"] = "an Ed448 key",
        ["1.3.101.110"] = "an X25519 key",
        ["1.3.101.111"] = "an X448 key",
        ["1.2.840.10040.4.1"] = "a DSA key",
        ["1.2.840.113549.1.1.10"] = "an RSASSA-PSS-restricted key (use a plain rsaEncryption key)",
    };

    public static RSA Read(string? pemText)
    {
        if (string.IsNullOrWhiteSpace(pemText))
        {
            throw Invalid(InvalidKalshiKeyReason.Empty, "No private key was given. Paste the whole .key file Kalshi let you download, including the -----BEGIN ... PRIVATE KEY----- and -----END ... PRIVATE KEY----- lines.");
        }

        var text = Normalize(pemText);

        if (text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.OrdinalIgnoreCase))
        {
            throw Encrypted("RSA PRIVATE KEY");
        }

        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? Invalid(InvalidKalshiKeyReason.Malformed, "The private key's PEM block is damaged: the base64 body is invalid or the -----END ...----- line is missing or does not match the BEGIN line. Paste the file again without editing it.")
                : Invalid(InvalidKalshiKeyReason.NotPem, "The private key is not in PEM format: no -----BEGIN ... PRIVATE KEY----- line was found. Paste the whole .key file Kalshi let you download.");
        }

        var label = text[fields.Label];
        var der = Convert.FromBase64String(text[fields.Base64Data]);
        try
        {
            return label switch
            {
                "RSA PRIVATE KEY" => ImportPkcs1(der),
                "PRIVATE KEY" => ImportPkcs8(der),
                "ENCRYPTED PRIVATE KEY" => throw Encrypted(label),
                "PUBLIC KEY" or "RSA PUBLIC KEY" => throw Invalid(InvalidKalshiKeyReason.PublicKeyInsteadOfPrivate,
                    $"This is a public key (PEM label \"{label}\"), not the private key. Requests are signed with the private key: paste the .key file Kalshi let you download when you created the API key."),
                "CERTIFICATE" => throw Invalid(InvalidKalshiKeyReason.PublicKeyInsteadOfPrivate,
                    "This is a certificate, not a private key. Paste the .key file Kalshi let you download when you created the API key."),
                "EC PRIVATE KEY" => throw NotRsa("an EC (ECDSA) key"),
                "DSA PRIVATE KEY" => throw NotRsa("a DSA key"),
                "OPENSSH PRIVATE KEY" => throw Invalid(InvalidKalshiKeyReason.UnsupportedFormat,
                    "This is an OpenSSH-format private key, which cannot be read here. Convert it to PEM (ssh-keygen -p -m PEM -f <file>) or use the .key file Kalshi let you download."),
                _ => throw Invalid(InvalidKalshiKeyReason.UnsupportedFormat,
                    $"The PEM block is a \"{label}\", not a private key. Expected \"-----BEGIN RSA PRIVATE KEY-----\" (PKCS#1) or \"-----BEGIN PRIVATE KEY-----\" (PKCS#8)."),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Trims, turns Windows/old-Mac line endings into \n, and undoes literal "\n" escapes from env vars or JSON.</summary>
    private static string Normalize(string pem)
    {
        var text = pem.Trim().Trim('"', '\'').Trim();
        if (!text.Contains('\n') && !text.Contains('\r') && text.Contains("\\n", StringComparison.Ordinal))
        {
            text = text.Replace("\\r\\n", "\n", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    private static RSA ImportPkcs1(byte[] der)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPrivateKey(der, out var read);
            if (read != der.Length)
            {
                throw new CryptographicException("Trailing data after the key.");
            }

            return CheckSize(rsa);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw Invalid(InvalidKalshiKeyReason.Malformed,
                "The \"RSA PRIVATE KEY\" (PKCS#1) block does not contain a valid RSA private key. Paste the file again without editing it.", ex);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static RSA ImportPkcs8(byte[] der)
    {
        var algorithm = ReadPkcs8Algorithm(der);
        if (algorithm is null)
        {
            throw Invalid(InvalidKalshiKeyReason.Malformed,
                "The \"PRIVATE KEY\" (PKCS#8) block is damaged: its contents are not a PKCS#8 private key. Paste the file again without editing it.");
        }

        if (algorithm != RsaEncryptionOid)
        {
            throw NotRsa(KnownAlgorithms.GetValueOrDefault(algorithm, $"a key of algorithm {algorithm}"));
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(der, out var read);
            if (read != der.Length)
            {
                throw new CryptographicException("Trailing data after the key.");
            }

            return CheckSize(rsa);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw Invalid(InvalidKalshiKeyReason.Malformed,
                "The \"PRIVATE KEY\" (PKCS#8) block says RSA but does not contain a valid RSA private key. Paste the file again without editing it.", ex);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>The algorithm OID of a PKCS#8 PrivateKeyInfo, or null when the DER is not one.</summary>
    private static string? ReadPkcs8Algorithm(byte[] der)
    {
        try
        {
            var info = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            _ = info.ReadInteger();
            var algorithm = info.ReadSequence();
            return algorithm.ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static RSA CheckSize(RSA rsa)
    {
        if (rsa.KeySize < MinimumKeySizeBits)
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            throw Invalid(InvalidKalshiKeyReason.KeyTooSmall,
                $"The RSA key is only {size} bits; Kalshi API keys are at least {MinimumKeySizeBits} bits. Use the key Kalshi generated for you.");
        }

        return rsa;
    }

    private static InvalidKalshiKeyException Encrypted(string label) =>
        Invalid(InvalidKalshiKeyReason.Encrypted,
            $"The private key (\"{label}\") is encrypted with a passphrase, which cannot be used for unattended signing. Export it without a passphrase (e.g. openssl pkey -in key.pem -out key-plain.pem) or use the file Kalshi let you download.");

    private static InvalidKalshiKeyException NotRsa(string what) =>
        Invalid(InvalidKalshiKeyReason.NotRsa,
            $"The private key is {what}, but Kalshi API keys are RSA keys signed with RSA-PSS/SHA-256. Create an RSA API key in Kalshi's settings and paste its .key file.");

    private static InvalidKalshiKeyException Invalid(InvalidKalshiKeyReason reason, string message, Exception? inner = null) =>
        new(reason, message, inner);
}
