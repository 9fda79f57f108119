using System.Security.Cryptography;

namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// The demo account's key id and RSA key pair. With a data directory they are kept there
/// (<c>demo-account.id</c>, <c>demo-account.key</c>, the key file readable by the owner only) so a sign-in survives
/// restarts; without one a new pair is made per start.
/// </summary>
internal static class DemoKeyStore
{
    public const string KeyIdFile = "demo-account.id";
    public const string PrivateKeyFile = "demo-account.key";

    public static AccountCredentials LoadOrCreate(string? dataDirectory)
    {
        if (dataDirectory is not null)
        {
            var idPath = Path.Combine(dataDirectory, KeyIdFile);
            var keyPath = Path.Combine(dataDirectory, PrivateKeyFile);
            if (File.Exists(idPath) && File.Exists(keyPath))
            {
                var keyId = File.ReadAllText(idPath).Trim();
                var pem = File.ReadAllText(keyPath);
                if (keyId.Length > 0 && IsRsaPrivateKey(pem)) return new AccountCredentials(keyId, pem);
            }
        }

        using var rsa = RSA.Create(2048);
        var created = new AccountCredentials(Guid.NewGuid().ToString(), rsa.ExportRSAPrivateKeyPem());
        if (dataDirectory is not null)
        {
            Directory.CreateDirectory(dataDirectory);
            var keyPath = Path.Combine(dataDirectory, PrivateKeyFile);
            File.WriteAllText(keyPath, created.PrivateKeyPem);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.WriteAllText(Path.Combine(dataDirectory, KeyIdFile), created.KeyId);
        }
        return created;
    }

    public static byte[] PublicKeyOf(string privateKeyPem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        return rsa.ExportSubjectPublicKeyInfo();
    }

    private static bool IsRsaPrivateKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            rsa.ExportParameters(includePrivateParameters: true);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
