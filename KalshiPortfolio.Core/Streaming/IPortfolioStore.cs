using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// Durable storage of each user's last known portfolio (the write-through position cache, cash, and the
/// start-of-day baselines). Implemented by the Web app on SQLite; Core only knows this contract.
/// </summary>
public interface IPortfolioStore
{
    Task<CachedPortfolio> LoadAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Writes the given positions (upsert) and deletes the closed tickers, in one transaction.</summary>
    Task SaveChangesAsync(string userId, IReadOnlyCollection<PositionState> upserts, IReadOnlyCollection<string> closedTickers, CancellationToken cancellationToken = default);

    /// <summary>Replaces every cached position of the user with <paramref name="positions"/> (the periodic full sync).</summary>
    Task ReplaceAllAsync(string userId, IReadOnlyCollection<PositionState> positions, CancellationToken cancellationToken = default);

    Task SaveCashAsync(string userId, decimal cash, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user's baseline for a trading day: the stored one, or — when none exists yet — <paramref name="totalValueNow"/>,
    /// which is stored as that day's baseline.
    /// </summary>
    Task<decimal> GetOrSetBaselineAsync(string userId, DateOnly tradingDay, decimal totalValueNow, CancellationToken cancellationToken = default);

    /// <summary>Forgets everything cached for the user (sign-out).</summary>
    Task DeleteUserAsync(string userId, CancellationToken cancellationToken = default);
}
