namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>One row of <c>event_positions</c> from <c>GET /portfolio/positions</c>. Money is in dollars; absent amounts are 0.</summary>
public sealed record KalshiEventPosition
{
    public required string EventTicker { get; init; }

    /// <summary><c>total_cost_dollars</c> (legacy <c>total_cost</c> cents).</summary>
    public decimal TotalCost { get; init; }

    /// <summary>YES plus NO contracts traded (<c>total_cost_shares_fp</c>, legacy <c>total_cost_shares</c>).</summary>
    public decimal TotalCostShares { get; init; }

    /// <summary><c>event_exposure_dollars</c> (legacy <c>event_exposure</c> cents).</summary>
    public decimal EventExposure { get; init; }

    /// <summary><c>realized_pnl_dollars</c> (legacy <c>realized_pnl</c> cents).</summary>
    public decimal RealizedPnl { get; init; }

    /// <summary><c>fees_paid_dollars</c> (legacy <c>fees_paid</c> cents).</summary>
    public decimal FeesPaid { get; init; }

    /// <summary>Legacy <c>resting_order_count</c> (singular on event rows), when sent.</summary>
    public int? RestingOrderCount { get; init; }
}
