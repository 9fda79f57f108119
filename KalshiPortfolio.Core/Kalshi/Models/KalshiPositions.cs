namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>All unsettled positions of the account, gathered from every page of <c>GET /portfolio/positions</c>.</summary>
public sealed record KalshiPositions(
    IReadOnlyList<KalshiMarketPosition> MarketPositions,
    IReadOnlyList<KalshiEventPosition> EventPositions)
{
    /// <summary>
    /// Rows of any page that could not be used, left out of the lists above. A market whose row was skipped is
    /// not known to be flat: its <see cref="KalshiSkippedInput.Key"/> (the ticker, when readable) tells a
    /// reconciler not to close it; a skipped row without a key means the snapshot is incomplete.
    /// </summary>
    public IReadOnlyList<KalshiSkippedInput> Skipped { get; init; } = [];

    /// <summary>Tickers of skipped market rows whose ticker could be read.</summary>
    public IReadOnlySet<string> SkippedMarketTickers => Skipped
        .Where(s => s is { Kind: KalshiInputKind.MarketPosition, Key: not null })
        .Select(s => s.Key!)
        .ToHashSet(StringComparer.Ordinal);
}
