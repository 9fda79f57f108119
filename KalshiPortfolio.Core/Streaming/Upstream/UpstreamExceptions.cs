namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>The socket was open and then ended (closed by Kalshi, lost, or replaced because it went silent).</summary>
public sealed class UpstreamDroppedException(string reason) : Exception($"The Kalshi WebSocket dropped: {reason}");

/// <summary>Kalshi reports maintenance (<c>exchange_active</c> false): wait, don't hammer it.</summary>
public sealed class ExchangeMaintenanceException() : Exception("Kalshi is in maintenance.");

/// <summary>Kalshi refused the user's key: stop, and tell the user to sign in again.</summary>
public sealed class CredentialsRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);
