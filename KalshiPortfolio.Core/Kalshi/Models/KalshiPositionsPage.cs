namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>One page of <c>GET /portfolio/positions</c>.</summary>
/// <param name="Cursor">The cursor of the next page, or null on the last page (Kalshi sends "" or null, or omits it).</param>
public sealed record KalshiPositionsPage(
    IReadOnlyList<KalshiMarketPosition> MarketPositions,
    IReadOnlyList<KalshiEventPosition> EventPositions,
    string? Cursor) : ISkippedInputCarrier
{
    /// <summary>True when another page follows.</summary>
    public bool HasMore => Cursor is not null;

    /// <summary>Rows of this page that could not be used (a NaN price, a null ticker, a count out of range…),
    /// left out of the lists above; <see cref="KalshiSkippedInput.Key"/> is the row's ticker when readable.</summary>
    public IReadOnlyList<KalshiSkippedInput> Skipped { get; init; } = [];
}
