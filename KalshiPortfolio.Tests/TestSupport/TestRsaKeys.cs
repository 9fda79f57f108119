using System.Security.Cryptography;
using System.Text;
using KalshiPortfolio.Core.Kalshi.Auth;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>Throwaway RSA keys generated once per test run (never real credentials).</summary>
public static class TestRsaKeys
{
    public const string KeyId = "a952bcbe-ec3b-4b5b-b8f9-11dae589608c";
    public const string OtherKeyId = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

    private static readonly Lazy<RSA> Primary = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> Secondary = new(() => RSA.Create(2048));

    public static RSA Key => Primary.Value;

    public static RSA OtherKey => Secondary.Value;

    /// <summary><c>-----BEGIN RSA PRIVATE KEY-----</c></summary>
    public static string Pkcs1Pem => Key.ExportRSAPrivateKeyPem();

    /// <summary><c>-----BEGIN PRIVATE KEY-----</c></summary>
    public static string Pkcs8Pem => Key.ExportPkcs8PrivateKeyPem();

    /// <summary><c>-----BEGIN PUBLIC KEY-----</c></summary>
    public static string PublicPem => Key.ExportSubjectPublicKeyInfoPem();

    public static KalshiSigner Signer() => KalshiSigner.FromPem(KeyId, Pkcs8Pem);

    public static KalshiSigner OtherSigner() => KalshiSigner.FromPem(OtherKeyId, OtherKey.ExportPkcs8PrivateKeyPem());

    /// <summary>Verifies a base64 RSA-PSS/SHA-256 (salt = 32) signature of <paramref name="message"/> with the public key of <paramref name="key"/>.</summary>
    public static bool Verifies(string message, string signatureBase64, RSA? key = null)
    {
        using var publicKey = RSA.Create();
        publicKey.ImportFromPem((key ?? Key).ExportSubjectPublicKeyInfoPem());
        return publicKey.VerifyData(Encoding.UTF8.GetBytes(message), Convert.FromBase64String(signatureBase64), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }
}
