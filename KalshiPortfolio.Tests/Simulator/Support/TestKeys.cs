using System.Security.Cryptography;

namespace KalshiPortfolio.Tests.Simulator.Support;

/// <summary>RSA keys made once per test run (generating 2048-bit keys is slow).</summary>
internal static class TestKeys
{
    private static readonly Lazy<RSA> SharedKey = new(() => RSA.Create(2048));

    /// <summary>A key pair the tests keep the private half of.</summary>
    public static RSA Shared => SharedKey.Value;

    public static string SharedPublicPem => Shared.ExportSubjectPublicKeyInfoPem();

    public static RSA FromPem(string privateKeyPem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        return rsa;
    }
}
