namespace KalshiPortfolio.Core.Kalshi.Auth;

/// <summary>
/// The Kalshi API key id or private key cannot be used. The message says what is wrong and how to fix it;
/// it never contains key material.
/// </summary>
public sealed class InvalidKalshiKeyException : Exception
{
    public InvalidKalshiKeyException(InvalidKalshiKeyReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>What is wrong with the key.</summary>
    public InvalidKalshiKeyReason Reason { get; }
}
