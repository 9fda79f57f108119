namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// The valid prices of a market, from its <c>price_ranges</c> (<c>[{start,end,step}]</c>): every
/// <c>start + k·step ≤ end</c> of each range, strictly between 0 and 1 (a quote at 0 or 1 is no quote).
/// </summary>
internal sealed class TickGrid
{
    private readonly decimal[] _levels;

    public TickGrid(IEnumerable<(decimal Start, decimal End, decimal Step)> ranges)
    {
        var levels = new SortedSet<decimal>();
        foreach (var (start, end, step) in ranges)
        {
            if (step <= 0) throw new ArgumentException("A price range needs a positive step.", nameof(ranges));
            for (var price = start; price <= end; price += step)
            {
                if (price > 0m && price < 1m) levels.Add(price);
            }
        }
        if (levels.Count < 2) throw new ArgumentException("A tick grid needs at least two prices inside (0,1).", nameof(ranges));
        _levels = [.. levels];
    }

    /// <summary>The classic <c>linear_cent</c> grid: 0.01 … 0.99.</summary>
    public static TickGrid LinearCent { get; } = new([(0m, 1m, 0.01m)]);

    public int Count => _levels.Length;

    public decimal Min => _levels[0];

    public decimal Max => _levels[^1];

    public decimal this[int index] => _levels[index];

    /// <summary>Index of a price on the grid, or -1.</summary>
    public int IndexOf(decimal price) => Array.BinarySearch(_levels, price) is var i && i >= 0 ? i : -1;

    public bool Contains(decimal price) => IndexOf(price) >= 0;

    /// <summary>The grid price nearest to a fraction of the way from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public int IndexAtFraction(double fraction) => (int)Math.Clamp(Math.Round(fraction * (_levels.Length - 1)), 0, _levels.Length - 1);
}
