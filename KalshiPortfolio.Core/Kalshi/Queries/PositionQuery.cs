namespace KalshiPortfolio.Core.Kalshi.Queries;

/// <summary>Filters of <c>GET /portfolio/positions</c>; they are resent with every page.</summary>
public sealed record PositionQuery
{
    public string? Ticker { get; init; }

    /// <summary>One event ticker.</summary>
    public string? EventTicker { get; init; }

    /// <summary><c>count_filter</c>: e.g. <c>position</c> or <c>position,total_traded</c> keeps rows where any listed field is non-zero.</summary>
    public string? CountFilter { get; init; }

    /// <summary>Subaccount number (0 = primary).</summary>
    public int? Subaccount { get; init; }

    /// <summary>Page size, 1–1000. Null uses <see cref="KalshiClientOptions.DefaultPageLimit"/>.</summary>
    public int? Limit { get; init; }

    /// <summary>The cursor of the page to fetch; null for the first page.</summary>
    public string? Cursor { get; init; }
}
