namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary><c>POST /api/v1/account/authenticate</c>: a Kalshi API key.</summary>
public sealed record AuthenticateRequest
{
    /// <summary>The API key's id, as Kalshi shows it.</summary>
    public string? KeyId { get; init; }

    /// <summary>The RSA private key Kalshi gave with it, as PEM text (PKCS#1 or PKCS#8).</summary>
    public string? PrivateKey { get; init; }

    /// <summary>production (default), demo or simulator.</summary>
    public string? Environment { get; init; }

    // Records print every property; this one carries a secret.
    public override string ToString() => $"AuthenticateRequest {{ Environment = {Environment} }}";
}
