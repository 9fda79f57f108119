namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// The price process: each step picks one market with the seeded RNG and moves its quote by one tick
/// (both sides up or down, or one side, which widens or narrows the spread), keeping
/// <c>grid.Min ≤ bid &lt; ask ≤ grid.Max</c> on the market's tick grid and the spread at most <see cref="MaxSpreadTicks"/>.
/// The sequence of quotes depends only on the seed and the number of steps.
/// </summary>
internal sealed class RandomWalk(int seed)
{
    public const int MaxSpreadTicks = 6;

    private readonly Random _rng = new(seed);

    /// <summary>Gives a market with a missing side a two-sided quote (kept when it already has one).</summary>
    public Quote Initial(Quote recorded, TickGrid grid)
    {
        var bid = recorded.HasBid ? grid.IndexOf(recorded.YesBid) : -1;
        var ask = recorded.HasAsk ? grid.IndexOf(recorded.YesAsk) : -1;
        if (bid >= 0 && ask > bid) return recorded;

        var spread = _rng.Next(1, 4);
        if (bid >= 0 && bid + spread < grid.Count) ask = bid + spread;
        else if (ask >= 0 && ask - spread >= 0) bid = ask - spread;
        else
        {
            bid = grid.IndexAtFraction(0.05 + _rng.NextDouble() * 0.85);
            ask = Math.Min(bid + spread, grid.Count - 1);
            if (ask == bid) bid--;
        }
        return new Quote(grid[bid], recorded.HasBid ? recorded.BidSize : Size(), grid[ask], recorded.HasAsk && grid[ask] == recorded.YesAsk ? recorded.AskSize : Size());
    }

    /// <summary>
    /// One step: a market drawn at random moves (when the drawn one may not move, being pinned or closed, the next
    /// one that may, in catalogue order), and its quote always changes, so every step is one <c>ticker</c> message.
    /// Returns the market that moved, or null when no market may move.
    /// </summary>
    public MarketState? Step(IReadOnlyList<MarketState> markets)
    {
        var drawn = _rng.Next(markets.Count);
        var move = _rng.Next(4);
        var up = _rng.Next(2) == 0;
        var size = Size();
        MarketState? market = null;
        for (var i = 0; i < markets.Count && market is null; i++)
        {
            var candidate = markets[(drawn + i) % markets.Count];
            if (candidate.IsWalkable) market = candidate;
        }
        if (market is null) return null;

        var grid = market.Grid;
        var quote = market.Quote;
        var bid = grid.IndexOf(quote.YesBid);
        var ask = grid.IndexOf(quote.YesAsk);
        if (bid < 0 || ask <= bid || !quote.HasBid || !quote.HasAsk)
        {
            // A quote left one-sided or off-grid by a released pin: rebuild it around the nearest grid price.
            market.Quote = Initial(quote with { BidSize = bid >= 0 ? quote.BidSize : 0m, AskSize = ask > bid ? quote.AskSize : 0m }, grid);
            return market;
        }

        switch (move)
        {
            case 0 or 1: // shift both sides one tick
                if (up && ask + 1 >= grid.Count) up = false;
                if (!up && bid == 0) up = true;
                bid += up ? 1 : -1;
                ask += up ? 1 : -1;
                quote = new Quote(grid[bid], move == 0 ? size : quote.BidSize, grid[ask], move == 1 ? size : quote.AskSize);
                break;
            case 2: // move the bid
                if (up && bid + 1 >= ask) up = false;
                if (!up && (bid == 0 || ask - bid >= MaxSpreadTicks)) up = bid + 1 < ask;
                if (!up && bid == 0)
                {
                    // A one-tick spread at the floor: the bid can't move, so the ask widens instead.
                    quote = quote with { YesAsk = grid[ask + 1], AskSize = size };
                    break;
                }
                bid += up ? 1 : -1;
                quote = quote with { YesBid = grid[bid], BidSize = size };
                break;
            default: // move the ask
                if (!up && ask - 1 <= bid) up = true;
                if (up && (ask + 1 >= grid.Count || ask - bid >= MaxSpreadTicks)) up = ask - 1 <= bid;
                if (up && ask + 1 >= grid.Count)
                {
                    // A one-tick spread at the ceiling: the ask can't move, so the bid widens instead.
                    quote = quote with { YesBid = grid[bid - 1], BidSize = size };
                    break;
                }
                ask += up ? 1 : -1;
                quote = quote with { YesAsk = grid[ask], AskSize = size };
                break;
        }
        market.Quote = quote;
        return market;
    }

    private decimal Size() => _rng.Next(1, 500);
}
