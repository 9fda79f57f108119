namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// One account's position in one market, with Kalshi's semantics:
/// <list type="bullet">
/// <item><c>Position</c> is signed: + YES contracts, − NO contracts. YES and NO net: buying NO while long YES first
/// closes YES contracts, and a fill that crosses zero closes the old side and opens the other.</item>
/// <item><c>Cost</c> (<c>market_exposure_dollars</c>) is the remaining cost basis of the held side, without fees, always ≥ 0
/// (a NO position's cost is what its NO contracts cost).</item>
/// <item>Exits use the average-cost method: realized P&amp;L += exit price − average cost, per contract exited, and the
/// cost basis falls by the average cost of the contracts exited. Fees are not folded into realized P&amp;L.</item>
/// <item>Lifetime per-side totals, as Kalshi's settlement rows report them: every fill adds to one side — buying YES
/// or selling NO to the YES side at the YES price, buying NO or selling YES to the NO side at the NO price (selling
/// YES at p is buying NO at 1 − p). They never fall, so <c>Position = YesCount − NoCount</c> always.</item>
/// </list>
/// </summary>
internal sealed class PositionBook
{
    public PositionBook(string ticker, string eventTicker)
    {
        Ticker = ticker;
        EventTicker = eventTicker;
    }

    public string Ticker { get; }

    public string EventTicker { get; }

    public decimal Position { get; private set; }

    public decimal Cost { get; private set; }

    public decimal RealizedPnl { get; private set; }

    public decimal FeesPaid { get; private set; }

    /// <summary>Fees paid since the position last opened from flat (<c>position_fee_cost_dollars</c>).</summary>
    public decimal PositionFees { get; private set; }

    /// <summary>Cumulative dollars spent buying contracts (<c>total_traded_dollars</c>); never falls.</summary>
    public decimal TotalTraded { get; private set; }

    /// <summary>Cumulative contracts bought (<c>total_cost_shares_fp</c> of the event row).</summary>
    public decimal ContractsBought { get; private set; }

    /// <summary>Cumulative contracts traded, bought or sold (<c>volume_fp</c>).</summary>
    public decimal Volume { get; private set; }

    /// <summary>Lifetime YES-side contracts: bought YES plus sold NO (<c>yes_count_fp</c> of the settlement row).</summary>
    public decimal YesCount { get; private set; }

    /// <summary>Lifetime Σ count × YES price over the YES-side fills (<c>yes_total_cost_dollars</c>).</summary>
    public decimal YesTotalCost { get; private set; }

    /// <summary>Lifetime NO-side contracts: bought NO plus sold YES (<c>no_count_fp</c>).</summary>
    public decimal NoCount { get; private set; }

    /// <summary>Lifetime Σ count × NO price over the NO-side fills (<c>no_total_cost_dollars</c>).</summary>
    public decimal NoTotalCost { get; private set; }

    public DateTimeOffset LastUpdated { get; private set; }

    /// <summary>Set once the market settled: the row leaves <c>/portfolio/positions</c>.</summary>
    public bool Settled { get; private set; }

    public ContractSide? HeldSide => Position > 0 ? ContractSide.Yes : Position < 0 ? ContractSide.No : null;

    /// <summary>
    /// Applies a fill of <paramref name="count"/> contracts of <paramref name="side"/> at <paramref name="price"/>
    /// (the price of that side) and returns the cash it moves, fee excluded (negative = paid).
    /// </summary>
    public decimal Apply(ContractSide side, TradeAction action, decimal count, decimal price, decimal fee, DateTimeOffset now)
    {
        // Express the fill as a signed change in YES terms at a YES price: buying YES or selling NO adds (+),
        // selling YES or buying NO removes (−). Buying NO at q is economically selling YES at 1 − q.
        var yesPrice = side == ContractSide.Yes ? price : 1m - price;
        var delta = (side == ContractSide.Yes) == (action == TradeAction.Buy) ? count : -count;

        if (action == TradeAction.Buy) TotalTraded += count * price;
        if (action == TradeAction.Buy) ContractsBought += count;
        Volume += count;
        if (delta > 0)
        {
            YesCount += count;
            YesTotalCost += count * yesPrice;
        }
        else
        {
            NoCount += count;
            NoTotalCost += count * (1m - yesPrice);
        }
        FeesPaid += fee;
        if (Position == 0) PositionFees = 0;
        PositionFees += fee;
        LastUpdated = now;

        var cash = 0m;
        var remaining = Math.Abs(delta);
        if (Position != 0 && Math.Sign(delta) != Math.Sign(Position))
        {
            // Exit (part of) the held side.
            var held = Math.Abs(Position);
            var exited = Math.Min(remaining, held);
            var averageCost = Cost / held;
            var exitPrice = Position > 0 ? yesPrice : 1m - yesPrice;
            RealizedPnl += exited * (exitPrice - averageCost);
            cash += exited * exitPrice;
            Cost = exited == held ? 0m : Cost - exited * averageCost;
            Position += Position > 0 ? -exited : exited;
            remaining -= exited;
        }
        if (remaining > 0)
        {
            // Open (or add to) the side the fill points at.
            var openPrice = delta > 0 ? yesPrice : 1m - yesPrice;
            Cost += remaining * openPrice;
            cash -= remaining * openPrice;
            Position += delta > 0 ? remaining : -remaining;
        }
        if (Position == 0) PositionFees = 0;
        return cash;
    }

    /// <summary>Settles the position: returns the payout ($1 per winning contract of the <b>net</b> position; YES+NO
    /// pairs pay nothing here, their $1 came back in cash when they met) and flattens the book. The lifetime totals stay.</summary>
    public decimal Settle(ContractSide result, DateTimeOffset now)
    {
        var payout = HeldSide == result ? Math.Abs(Position) : 0m;
        RealizedPnl += payout - Cost;
        Position = 0;
        Cost = 0;
        PositionFees = 0;
        Settled = true;
        LastUpdated = now;
        return payout;
    }
}
