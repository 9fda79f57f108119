namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// The live portfolios of signed-in users, as the UI and the SSE endpoint consume them. One upstream Kalshi
/// connection per user is shared by all of that user's subscribers.
/// </summary>
public interface IPortfolioStreams
{
    /// <summary>
    /// Subscribes to a user's events: a snapshot first (or, with <paramref name="lastEventId"/>, the events
    /// missed since then). Returns null when the user has no live portfolio (signed out, or unknown).
    /// </summary>
    PortfolioSubscription? Subscribe(string userId, long? lastEventId = null);

    /// <summary>Fetches a full snapshot from Kalshi now and reconciles (Kalshi wins). Changes arrive as events.</summary>
    Task RefreshAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The user's link status now, or null when the user has no live portfolio.</summary>
    ConnectionStatus? GetStatus(string userId);
}
