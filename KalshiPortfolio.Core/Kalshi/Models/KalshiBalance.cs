namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>The account balance from <c>GET /portfolio/balance</c>.</summary>
/// <param name="Cash">Available cash in dollars: <c>balance_dollars</c> (sub-cent precision) or, when absent,
/// the integer-cent <c>balance</c> / 100.</param>
/// <param name="PortfolioValue">Value of open positions in dollars (<c>portfolio_value</c> cents / 100). Kalshi's
/// live data shows it excludes cash. Null when the server does not send it (before 2025-10).</param>
/// <param name="UpdatedAt">When Kalshi last updated the balance (<c>updated_ts</c>, Unix seconds), if sent.</param>
public sealed record KalshiBalance(decimal Cash, decimal? PortfolioValue, DateTimeOffset? UpdatedAt);
