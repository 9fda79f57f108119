namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>
/// One settlement from <c>GET /portfolio/settlements</c>. Every amount here is in dollars; note that on the wire
/// <c>revenue</c> and <c>value</c> are integer <b>cents</b> while the costs and <c>fee_cost</c> are dollar strings.
/// </summary>
public sealed record KalshiSettlement
{
    public required string Ticker { get; init; }

    public string? EventTicker { get; init; }

    /// <summary><c>yes</c>, <c>no</c>, <c>scalar</c> (older: <c>void</c>).</summary>
    public string? MarketResult { get; init; }

    /// <summary>YES contracts settled (<c>yes_count_fp</c>, legacy <c>yes_count</c>); 0 when absent.</summary>
    public decimal YesCount { get; init; }

    /// <summary>NO contracts settled (<c>no_count_fp</c>, legacy <c>no_count</c>); 0 when absent.</summary>
    public decimal NoCount { get; init; }

    /// <summary><c>yes_total_cost_dollars</c> (legacy <c>yes_total_cost</c> cents); 0 when absent.</summary>
    public decimal YesTotalCost { get; init; }

    /// <summary><c>no_total_cost_dollars</c> (legacy <c>no_total_cost</c> cents); 0 when absent.</summary>
    public decimal NoTotalCost { get; init; }

    /// <summary>Payout in dollars, converted from the integer-cent <c>revenue</c>; 0 when absent.</summary>
    public decimal Revenue { get; init; }

    /// <summary>Fees in dollars (<c>fee_cost</c> dollar string); 0 when absent.</summary>
    public decimal FeeCost { get; init; }

    /// <summary>Payout of one YES contract in dollars, from the integer-cent <c>value</c>; null when not sent.</summary>
    public decimal? Value { get; init; }

    public DateTimeOffset? SettledTime { get; init; }

    /// <summary>Profit and loss of this settlement: revenue − (YES cost + NO cost) − fees.</summary>
    public decimal ProfitAndLoss => Revenue - (YesTotalCost + NoTotalCost) - FeeCost;
}
