using System.Security.Cryptography;
using KalshiPortfolio.Web.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace KalshiPortfolio.Web.Security;

/// <summary>
/// The key that signs session tokens: from configuration (<c>Session:SigningKey</c>), or generated once and
/// kept in the data directory (owner-only file) so tokens issued before a restart stay valid after it.
/// </summary>
public static class SessionSigningKey
{
    private const int KeyBytes = 32;

    public static SymmetricSecurityKey Load(SessionTokenOptions options, DataDirectory dataDirectory)
    {
        byte[] key;
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            key = DecodeConfigured(options.SigningKey);
        }
        else if (File.Exists(dataDirectory.SessionKeyPath))
        {
            key = File.ReadAllBytes(dataDirectory.SessionKeyPath);
            if (key.Length < KeyBytes)
            {
                throw new InvalidOperationException(
                    $"The session signing key file {dataDirectory.SessionKeyPath} is damaged (too short). Delete it to sign everyone out and generate a new one.");
            }
        }
        else
        {
            key = RandomNumberGenerator.GetBytes(KeyBytes);
            try
            {
                DataDirectory.WriteSecretFile(dataDirectory.SessionKeyPath, key);
            }
            catch (IOException) when (File.Exists(dataDirectory.SessionKeyPath))
            {
                // Another process created it first: use theirs.
                key = File.ReadAllBytes(dataDirectory.SessionKeyPath);
            }
        }
        return new SymmetricSecurityKey(key) { KeyId = "session" };
    }

    private static byte[] DecodeConfigured(string value)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Session:SigningKey must be base64 (at least 32 bytes once decoded).");
        }
        if (key.Length < KeyBytes)
        {
            throw new InvalidOperationException($"Session:SigningKey is {key.Length} bytes; HS256 needs at least {KeyBytes}.");
        }
        return key;
    }
}
