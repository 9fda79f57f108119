namespace KalshiPortfolio.Core.Kalshi.Queries;

/// <summary>Filters of <c>GET /portfolio/fills</c>; they are resent with every page.</summary>
public sealed record FillQuery
{
    public string? Ticker { get; init; }

    public string? OrderId { get; init; }

    /// <summary>Only fills at or after this time (sent as Unix seconds).</summary>
    public DateTimeOffset? MinTime { get; init; }

    /// <summary>Only fills at or before this time (sent as Unix seconds).</summary>
    public DateTimeOffset? MaxTime { get; init; }

    /// <summary>Subaccount number (omitted = all).</summary>
    public int? Subaccount { get; init; }

    /// <summary>Page size, 1–1000. Null uses <see cref="KalshiClientOptions.DefaultPageLimit"/>.</summary>
    public int? Limit { get; init; }

    /// <summary>The cursor of the page to fetch; null for the first page.</summary>
    public string? Cursor { get; init; }
}
