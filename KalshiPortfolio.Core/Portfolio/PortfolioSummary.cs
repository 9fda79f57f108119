namespace KalshiPortfolio.Core.Portfolio;

/// <summary>The account's totals at one moment. Every figure is in dollars.</summary>
public sealed record PortfolioSummary
{
    /// <summary>Available cash (Kalshi's balance).</summary>
    public required decimal Cash { get; init; }

    /// <summary>Sum of the marked positions' market values.</summary>
    public required decimal MarketValue { get; init; }

    /// <summary>Cash + market value.</summary>
    public decimal TotalValue => Cash + MarketValue;

    /// <summary>Cost basis of every open position.</summary>
    public required decimal CostBasis { get; init; }

    /// <summary>Unrealized P&amp;L of the marked positions.</summary>
    public required decimal UnrealizedPnl { get; init; }

    /// <summary>Unrealized P&amp;L as a percentage of the marked positions' cost, or null with no cost.</summary>
    public required decimal? UnrealizedPnlPercent { get; init; }

    /// <summary>Realized P&amp;L as Kalshi reports it, over every market seen (open and closed).</summary>
    public required decimal RealizedPnl { get; init; }

    /// <summary>Fees paid, over every market seen (open and closed).</summary>
    public required decimal FeesPaid { get; init; }

    public required int PositionCount { get; init; }

    /// <summary>Open positions with no usable price (both the asked-for and the fallback book sides empty).</summary>
    public required int UnmarkedCount { get; init; }

    public required DateTimeOffset AsOf { get; init; }
}
