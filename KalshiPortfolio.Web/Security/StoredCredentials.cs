namespace KalshiPortfolio.Web.Security;

/// <summary>A user's Kalshi API key as decrypted from the store. Never logged, never serialized into a response.</summary>
public sealed record StoredCredentials(string UserId, string Environment, string KeyId, string PrivateKeyPem)
{
    // Records print every property; this one must not.
    public override string ToString() => $"StoredCredentials {{ UserId = {UserId}, Environment = {Environment} }}";
}
