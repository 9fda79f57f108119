namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>
/// A private <c>market_position</c> message (channel <c>market_positions</c>). Money is in dollars: the current
/// <c>*_dollars</c> fields, or the legacy integers, which on this channel were <b>centi-cents</b> (1/10,000 dollar).
/// </summary>
public sealed record KalshiWsMarketPosition() : KalshiWsDataMessage("market_position")
{
    public required string MarketTicker { get; init; }

    public string? UserId { get; init; }

    /// <summary>Signed count, + YES / − NO (<c>position_fp</c>, legacy <c>position</c>).</summary>
    public required decimal Position { get; init; }

    /// <summary>Cost basis (<c>position_cost_dollars</c>, legacy <c>position_cost</c> centi-cents); the analogue of REST market exposure.</summary>
    public decimal? PositionCost { get; init; }

    /// <summary><c>realized_pnl_dollars</c> (legacy <c>realized_pnl</c> centi-cents).</summary>
    public decimal? RealizedPnl { get; init; }

    /// <summary><c>fees_paid_dollars</c> (legacy <c>fees_paid</c> centi-cents).</summary>
    public decimal? FeesPaid { get; init; }

    /// <summary><c>position_fee_cost_dollars</c> (legacy <c>position_fee_cost</c> centi-cents).</summary>
    public decimal? PositionFeeCost { get; init; }

    /// <summary>Cumulative contracts traded (<c>volume_fp</c>, legacy <c>volume</c>).</summary>
    public decimal? Volume { get; init; }

    public int? Subaccount { get; init; }
}
