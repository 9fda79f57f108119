using System.Security.Cryptography;
using System.Text;

namespace KalshiPortfolio.Web.Security;

/// <summary>
/// A user is one Kalshi API key in one environment. The user id is derived from both by SHA-256, so it is
/// stable across sign-ins and restarts and reveals nothing of the key id.
/// </summary>
public static class UserIds
{
    public static string For(string environment, string keyId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"kalshiportfolio-user:{environment}:{keyId.Trim()}"));
        return "u_" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
