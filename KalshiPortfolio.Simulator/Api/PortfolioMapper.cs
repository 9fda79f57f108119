using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.Api;

/// <summary>Domain → wire rows for the portfolio endpoints. Call under the exchange's lock.</summary>
internal static class PortfolioMapper
{
    public static MarketPositionRow ToRow(PositionBook p) => new(
        FixedPoint.Dollars6(p.FeesPaid),
        WireTime.Rfc3339(p.LastUpdated),
        FixedPoint.Dollars6(p.Cost),
        FixedPoint.Count2(p.Position),
        FixedPoint.Dollars6(p.RealizedPnl),
        0,
        p.Ticker,
        FixedPoint.Dollars6(p.TotalTraded));

    public static EventPositionRow ToEventRow(string eventTicker, IEnumerable<PositionBook> books)
    {
        var list = books.ToList();
        return new EventPositionRow(
            FixedPoint.Dollars6(list.Sum(b => b.Cost)),
            eventTicker,
            FixedPoint.Dollars6(list.Sum(b => b.FeesPaid)),
            FixedPoint.Dollars6(list.Sum(b => b.RealizedPnl)),
            FixedPoint.Dollars6(list.Sum(b => b.TotalTraded)),
            FixedPoint.Count2(list.Sum(b => b.ContractsBought)));
    }

    public static FillRow ToRow(FillRecord f) => new(
        f.Action.ToWire(),
        f.BookSide,
        FixedPoint.Count2(f.Count),
        WireTime.Rfc3339(f.Created),
        FixedPoint.Dollars6(f.Fee),
        f.FillId,
        f.IsTaker,
        f.Ticker,
        FixedPoint.Dollars4(f.NoPrice),
        f.OrderId,
        f.OutcomeSide.ToWire(),
        f.Side.ToWire(),
        0,
        f.Ticker,
        f.FillId,
        WireTime.UnixSeconds(f.Created),
        FixedPoint.Dollars4(f.YesPrice));

    public static SettlementRow ToRow(SettlementRecord s) => new(
        s.Ticker,
        s.EventTicker,
        0,
        s.Result.ToWire(),
        FixedPoint.Count2(s.YesCount),
        FixedPoint.Count2(s.NoCount),
        FixedPoint.Dollars6(s.YesTotalCost),
        FixedPoint.Dollars6(s.NoTotalCost),
        s.RevenueCents,
        WireTime.Rfc3339(s.SettledTime),
        FixedPoint.Dollars4(s.FeeCost),
        s.ValueCents);

    /// <summary>
    /// The value of the open positions in cents (excluding cash, as Kalshi's <c>portfolio_value</c>): each held contract
    /// marked at the market's last trade price for its side, or at the mid when the market never traded.
    /// </summary>
    public static long PortfolioValueCents(Account account, SimulatedExchange exchange)
    {
        var value = 0m;
        foreach (var book in account.PositionOrder)
        {
            if (book.Settled || book.Position == 0 || exchange.FindMarket(book.Ticker) is not { } market) continue;
            var yesMark = market.LastPrice > 0m ? market.LastPrice : (market.Quote.YesBid + market.Quote.YesAsk) / 2m;
            value += Math.Abs(book.Position) * (book.Position > 0 ? yesMark : 1m - yesMark);
        }
        return FixedPoint.TruncatedCents(value);
    }
}
