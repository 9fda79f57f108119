namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>One page of <c>GET /portfolio/positions</c>.</summary>
/// <param name="Cursor">The cursor of the next page, or null on the last page (Kalshi sends "" or null, or omits it).</param>
public sealed record KalshiPositionsPage(
    IReadOnlyList<KalshiMarketPosition> MarketPositions,
    IReadOnlyList<KalshiEventPosition> EventPositions,
    string? Cursor)
{
    /// <summary>True when another page follows.</summary>
    public bool HasMore => Cursor is not null;
}
