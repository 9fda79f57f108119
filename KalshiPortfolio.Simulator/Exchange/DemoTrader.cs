namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// The demo account: opened with <see cref="SimulatorOptions.DemoPositions"/> positions on both sides through the ordinary
/// fill path (so fees, exposure and realized P&amp;L are consistent), then trading by itself now and then at the market's
/// quote: adding to or reducing a position, or opening a new one, keeping 10–20 positions open.
/// </summary>
internal sealed class DemoTrader
{
    private const int MinPositions = 10;
    private const int MaxPositions = 20;

    private readonly SimulatedExchange _exchange;
    private readonly Account _account;
    private readonly Random _rng;

    public DemoTrader(SimulatedExchange exchange, Account account, int seed)
    {
        _exchange = exchange;
        _account = account;
        _rng = new Random(unchecked(seed * 17 + 3));
    }

    public Account Account => _account;

    /// <summary>Opens <paramref name="positions"/> positions, alternating YES and NO; every fourth is partly sold again.</summary>
    public void SeedPositions(int positions)
    {
        lock (_exchange.Gate)
        {
            var candidates = _exchange.Markets.Where(m => m.IsTradable).OrderBy(_ => _rng.Next()).Take(positions).ToList();
            for (var i = 0; i < candidates.Count; i++)
            {
                var side = i % 2 == 0 ? ContractSide.Yes : ContractSide.No;
                var count = (decimal)_rng.Next(2, 41);
                Take(candidates[i], side, TradeAction.Buy, count);
                if (i % 4 == 3) Take(candidates[i], side, TradeAction.Sell, Math.Max(1m, decimal.Floor(count / 3m)));
            }
        }
    }

    /// <summary>One self-initiated trade. Returns false when nothing could be traded (trading paused, no market).</summary>
    public bool TradeOnce()
    {
        lock (_exchange.Gate)
        {
            if (!_exchange.TradingActive) return false;
            var open = _account.PositionOrder.Where(p => p.Position != 0 && _exchange.FindMarket(p.Ticker)!.IsTradable).ToList();
            var roll = _rng.NextDouble();
            if (open.Count < MinPositions || (open.Count < MaxPositions && roll < 0.2))
            {
                var held = open.Select(p => p.Ticker).ToHashSet();
                var fresh = _exchange.Markets.Where(m => m.IsTradable && !held.Contains(m.Ticker)).ToList();
                if (fresh.Count == 0) return false;
                var market = fresh[_rng.Next(fresh.Count)];
                return Take(market, _rng.Next(2) == 0 ? ContractSide.Yes : ContractSide.No, TradeAction.Buy, _rng.Next(1, 21));
            }

            var position = open[_rng.Next(open.Count)];
            var side = position.HeldSide!.Value;
            var market2 = _exchange.FindMarket(position.Ticker)!;
            var held2 = Math.Abs(position.Position);
            if (open.Count >= MaxPositions || roll < 0.6)
            {
                // Reduce, or close when small.
                var count = held2 <= 3 ? held2 : Math.Max(1m, decimal.Floor(held2 * (decimal)_rng.NextDouble() / 2m));
                return Take(market2, side, TradeAction.Sell, count);
            }
            return Take(market2, side, TradeAction.Buy, _rng.Next(1, 11));
        }
    }

    /// <summary>Crosses the spread: buys at the side's ask, sells at its bid.</summary>
    private bool Take(MarketState market, ContractSide side, TradeAction action, decimal count)
    {
        var quote = market.Quote;
        var price = (side, action) switch
        {
            (ContractSide.Yes, TradeAction.Buy) => quote.YesAsk,
            (ContractSide.Yes, TradeAction.Sell) => quote.YesBid,
            (ContractSide.No, TradeAction.Buy) => quote.NoAsk,
            _ => quote.NoBid,
        };
        if (!market.Grid.Contains(price)) return false;
        try
        {
            _exchange.ExecuteFill(_account, market.Ticker, side, action, count, price);
            return true;
        }
        catch (ExchangeException)
        {
            return false;
        }
    }
}
