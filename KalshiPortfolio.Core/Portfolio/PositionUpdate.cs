namespace KalshiPortfolio.Core.Portfolio;

/// <summary>
/// A position as Kalshi reports it (a REST <c>market_positions[]</c> row or a WebSocket <c>market_position</c>
/// message), already parsed into dollars and contracts.
/// </summary>
public sealed record PositionUpdate
{
    public required string Ticker { get; init; }

    /// <summary>Signed contract count (<c>position_fp</c>): positive for YES, negative for NO, zero when flat.</summary>
    public required decimal Position { get; init; }

    /// <summary>Cost basis of the contracts held, without fees (<c>market_exposure_dollars</c>, non-negative).</summary>
    public required decimal Cost { get; init; }

    /// <summary>Realized P&amp;L on this market as Kalshi reports it (<c>realized_pnl_dollars</c>).</summary>
    public decimal RealizedPnl { get; init; }

    /// <summary>Fees paid on this market as Kalshi reports them (<c>fees_paid_dollars</c>).</summary>
    public decimal FeesPaid { get; init; }

    /// <summary>When Kalshi last changed the position (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The market's title, when known. Null keeps the title the tracker already has.</summary>
    public string? MarketTitle { get; init; }

    /// <summary>The market's event, when known. Null keeps what the tracker already has.</summary>
    public string? EventTicker { get; init; }
}
