namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>One row of <c>market_positions</c> from <c>GET /portfolio/positions</c>. Money is in dollars.</summary>
public sealed record KalshiMarketPosition
{
    public required string Ticker { get; init; }

    /// <summary>Signed contract count: positive = YES contracts, negative = NO contracts
    /// (<c>position_fp</c>, or the legacy integer <c>position</c>). Fractional counts exist.</summary>
    public required decimal Position { get; init; }

    /// <summary>Cost basis of the contracts held, excluding fees; non-negative for NO positions too
    /// (<c>market_exposure_dollars</c>, or legacy <c>market_exposure</c> cents).</summary>
    public required decimal MarketExposure { get; init; }

    /// <summary>Locked-in profit and loss (<c>realized_pnl_dollars</c> / legacy cents); 0 when absent.</summary>
    public decimal RealizedPnl { get; init; }

    /// <summary>Fees paid on fills (<c>fees_paid_dollars</c> / legacy cents); 0 when absent.</summary>
    public decimal FeesPaid { get; init; }

    /// <summary>Cumulative amount spent on this market; does not fall when selling
    /// (<c>total_traded_dollars</c> / legacy cents); 0 when absent.</summary>
    public decimal TotalTraded { get; init; }

    /// <summary>When Kalshi last changed this row (<c>last_updated_ts</c>, RFC3339; integer seconds tolerated).</summary>
    public DateTimeOffset? LastUpdated { get; init; }

    /// <summary>Deprecated <c>resting_orders_count</c>, when still sent.</summary>
    public int? RestingOrdersCount { get; init; }
}
