using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>
/// Kalshi's public market data as the signed-in user's environment serves it (production, demo or the
/// simulator), for the markets pages. Registered scoped: one per circuit.
/// </summary>
public interface IMarketCatalog
{
    /// <summary>One page of open markets, in Kalshi's order.</summary>
    /// <param name="userId">The signed-in user (picks the environment).</param>
    /// <param name="cursor">The page's cursor; null for the first page.</param>
    /// <param name="limit">Markets per page.</param>
    /// <exception cref="MarketDataUnavailableException">Kalshi could not be reached, or no environment is known for the user.</exception>
    Task<MarketCatalogPage> GetOpenMarketsAsync(string userId, string? cursor, int limit, CancellationToken cancellationToken = default);

    /// <summary>One market, or null when Kalshi has no market with this ticker.</summary>
    /// <exception cref="MarketDataUnavailableException">Kalshi could not be reached, or no environment is known for the user.</exception>
    Task<KalshiMarket?> GetMarketAsync(string userId, string ticker, CancellationToken cancellationToken = default);
}

/// <summary>A page of markets and the cursor of the next one (null on the last page).</summary>
public sealed record MarketCatalogPage(IReadOnlyList<KalshiMarket> Markets, string? NextCursor)
{
    public bool HasMore => NextCursor is not null;
}

/// <summary>Market data could not be read. The message is written for the screen.</summary>
public sealed class MarketDataUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
