namespace KalshiPortfolio.Core.Portfolio;

/// <summary>
/// One open position with its valuation. Immutable: every change produces a new state, so a state can be
/// handed to the UI, the SSE feed and the cache without copying. No figure here throws: products and quotients go
/// through <see cref="SafeDecimal"/>, and one that cannot be represented is null ("no figure"), never a wrong one.
/// </summary>
public sealed record PositionState
{
    private const int PriceDecimals = 6;

    public required string Ticker { get; init; }
    public string? MarketTitle { get; init; }
    public string? EventTicker { get; init; }

    /// <summary>Signed contract count as Kalshi reports it (+ YES, − NO).</summary>
    public required decimal Position { get; init; }

    /// <summary>YES for a positive position, NO for a negative one.</summary>
    public PositionSide Side => Position < 0 ? PositionSide.No : PositionSide.Yes;

    /// <summary>Contracts held, |position|.</summary>
    public decimal Quantity => Math.Abs(Position);

    /// <summary>Cost basis of the contracts held, without fees.</summary>
    public required decimal Cost { get; init; }

    /// <summary>Average entry per contract in the held side's price (cost / quantity, 6 decimal places); 0 when flat,
    /// null when the quotient cannot be represented (a huge cost over a vanishing quantity).</summary>
    public decimal? AverageEntryPrice => Position == 0
        ? 0m
        : SafeDecimal.DivideRounded(Cost, Quantity, PriceDecimals);

    /// <summary>The quote the mark was taken from, if any.</summary>
    public MarketQuote? Quote { get; init; }

    /// <summary>The method asked for. <see cref="MarkSource"/> says which one produced <see cref="MarkPrice"/>.</summary>
    public required MarkMethod MarkMethod { get; init; }

    /// <summary>The method that actually produced the mark (a fallback when the asked-for book side is empty), or null.</summary>
    public MarkMethod? MarkSource { get; init; }

    /// <summary>Current price per contract of the held side, or null when no usable price exists.</summary>
    public decimal? MarkPrice { get; init; }

    /// <summary>Quantity × mark, or null without a mark (or when the product cannot be represented, which leaves the
    /// position unmarked rather than wrong).</summary>
    public decimal? MarketValue { get; init; }

    /// <summary>Market value − cost, or null without a market value.</summary>
    public decimal? UnrealizedPnl => MarketValue is { } value ? SafeDecimal.Subtract(value, Cost) : null;

    /// <summary>Unrealized P&amp;L as a percentage of cost (4 decimal places), or null without a mark or cost, or when
    /// it cannot be represented. Computed when read: a division is the costliest step of a revaluation and most
    /// states are never displayed.</summary>
    public decimal? UnrealizedPnlPercent => UnrealizedPnl is { } u ? SafeDecimal.Percent(u, Cost) : null;

    public decimal RealizedPnl { get; init; }
    public decimal FeesPaid { get; init; }

    /// <summary>When the position or its price last changed (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>True when this state comes from the local cache and has not been confirmed by Kalshi since.</summary>
    public bool IsStale { get; init; }

    /// <summary>Builds the state of a position from Kalshi's figures and the market's quote.</summary>
    public static PositionState Create(PositionUpdate update, MarketQuote? quote, MarkMethod method, bool isStale = false)
    {
        ArgumentNullException.ThrowIfNull(update);
        var state = new PositionState
        {
            Ticker = update.Ticker,
            MarketTitle = update.MarketTitle,
            EventTicker = update.EventTicker,
            Position = update.Position,
            Cost = update.Cost,
            MarkMethod = method,
            RealizedPnl = update.RealizedPnl,
            FeesPaid = update.FeesPaid,
            UpdatedAt = update.UpdatedAt.ToUniversalTime(),
            IsStale = isStale,
        };
        return state.WithQuote(quote, method, state.UpdatedAt);
    }

    /// <summary>The same position valued at a new quote (or a new mark method).</summary>
    public PositionState WithQuote(MarketQuote? quote, MarkMethod method, DateTimeOffset updatedAt)
    {
        var (mark, source) = Mark(Side, quote, method);
        return WithMark(quote, method, mark, source, updatedAt);
    }

    /// <summary>The same position with a mark already taken by <see cref="Mark"/> from <paramref name="quote"/>.</summary>
    internal PositionState WithMark(MarketQuote? quote, MarkMethod method, decimal? mark, MarkMethod? source, DateTimeOffset updatedAt) => this with
    {
        Quote = quote,
        MarkMethod = method,
        MarkSource = source,
        MarkPrice = mark,
        MarketValue = mark is { } m ? SafeDecimal.Multiply(Quantity, m) : null,
        UpdatedAt = updatedAt > UpdatedAt ? updatedAt : UpdatedAt,
    };

    /// <summary>
    /// The held side's price by <paramref name="method"/>, falling back when the book side it needs is empty:
    /// liquidation → last; mid → liquidation → last; last → mid → liquidation. Never a price from an empty side.
    /// </summary>
    public static (decimal? Price, MarkMethod? Source) Mark(PositionSide side, MarketQuote? quote, MarkMethod method)
    {
        if (quote is null)
        {
            return (null, null);
        }

        ReadOnlySpan<MarkMethod> order = method switch
        {
            MarkMethod.Liquidation => [MarkMethod.Liquidation, MarkMethod.Last],
            MarkMethod.Mid => [MarkMethod.Mid, MarkMethod.Liquidation, MarkMethod.Last],
            _ => [MarkMethod.Last, MarkMethod.Mid, MarkMethod.Liquidation],
        };
        foreach (var candidate in order)
        {
            if (YesPrice(side, quote, candidate) is { } yes)
            {
                return (side == PositionSide.Yes ? yes : 1m - yes, candidate);
            }
        }
        return (null, null);
    }

    // The YES-leg price a method reads; for a NO holder, liquidation reads the YES ask (NO bid = 1 − YES ask).
    private static decimal? YesPrice(PositionSide side, MarketQuote quote, MarkMethod method) => method switch
    {
        MarkMethod.Liquidation => side == PositionSide.Yes ? quote.YesBid : quote.YesAsk,
        // × 0.5 rather than ÷ 2: the same exact value, and decimal multiplication is several times cheaper.
        MarkMethod.Mid => quote is { YesBid: { } bid, YesAsk: { } ask } ? (bid + ask) * 0.5m : null,
        _ => quote.LastPrice,
    };
}
