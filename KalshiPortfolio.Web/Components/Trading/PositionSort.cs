using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Web.Components.Trading;

/// <summary>How the position panel orders its cards.</summary>
public enum PositionSort
{
    /// <summary>Largest unrealized P&amp;L first; unmarked positions last.</summary>
    Pnl,

    /// <summary>Largest market value first; unmarked positions last.</summary>
    Value,

    /// <summary>Alphabetical by ticker.</summary>
    Ticker,
}

public static class PositionOrdering
{
    /// <summary>The positions matching <paramref name="filter"/> (ticker or title, case-insensitive), sorted.</summary>
    public static List<PositionState> Apply(IEnumerable<PositionState> positions, PositionSort sort, string? filter)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var text = filter?.Trim();
        var matching = string.IsNullOrEmpty(text)
            ? positions
            : positions.Where(p => p.Ticker.Contains(text, StringComparison.OrdinalIgnoreCase)
                                   || (p.MarketTitle?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
                                   || (p.EventTicker?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false));
        var list = matching.ToList();
        list.Sort(sort switch
        {
            PositionSort.Pnl => static (a, b) => CompareDescending(a.UnrealizedPnl, b.UnrealizedPnl, a, b),
            PositionSort.Value => static (a, b) => CompareDescending(a.MarketValue, b.MarketValue, a, b),
            _ => static (a, b) => string.CompareOrdinal(a.Ticker, b.Ticker),
        });
        return list;
    }

    // Known values first, largest first; ties and unknowns by ticker so the order is stable.
    private static int CompareDescending(decimal? x, decimal? y, PositionState a, PositionState b)
    {
        var byValue = (x, y) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => y!.Value.CompareTo(x!.Value),
        };
        return byValue != 0 ? byValue : string.CompareOrdinal(a.Ticker, b.Ticker);
    }
}
