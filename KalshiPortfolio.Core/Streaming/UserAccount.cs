using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>A signed-in user as the streaming manager needs it: who, which Kalshi, and the key to sign with.</summary>
public sealed record UserAccount(string UserId, KalshiEndpoints Endpoints, KalshiSigner Signer)
{
    public override string ToString() => $"UserAccount {{ UserId = {UserId}, Environment = {Endpoints.Environment} }}";
}
