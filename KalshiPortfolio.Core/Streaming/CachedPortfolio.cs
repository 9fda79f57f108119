using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>What the local cache last knew of a user's account: served (marked stale) until Kalshi answers.</summary>
public sealed record CachedPortfolio(
    IReadOnlyList<CachedPositionState> Positions,
    decimal? Cash,
    DateTimeOffset? CashUpdatedAt,
    StoredBaseline? LatestBaseline = null);

/// <summary>The total value recorded at the start of a trading day, from which that day's P&amp;L is measured.</summary>
public sealed record StoredBaseline(DateOnly TradingDay, decimal TotalValue);

/// <summary>One cached position: Kalshi's figures, the last quote, and when the cache row was written.</summary>
public sealed record CachedPositionState(PositionUpdate Position, MarketQuote? Quote, DateTimeOffset CachedAt);
