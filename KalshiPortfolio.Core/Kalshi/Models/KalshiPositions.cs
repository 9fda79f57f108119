namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>All unsettled positions of the account, gathered from every page of <c>GET /portfolio/positions</c>.</summary>
public sealed record KalshiPositions(
    IReadOnlyList<KalshiMarketPosition> MarketPositions,
    IReadOnlyList<KalshiEventPosition> EventPositions);
