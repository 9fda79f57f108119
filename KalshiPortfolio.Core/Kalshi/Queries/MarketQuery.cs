namespace KalshiPortfolio.Core.Kalshi.Queries;

/// <summary>Filters of <c>GET /markets</c>. Every property is optional; the cursor selects the page.</summary>
public sealed record MarketQuery
{
    public KalshiMarketStatusFilter? Status { get; init; }

    /// <summary>Only these tickers (sent comma-separated).</summary>
    public IReadOnlyList<string>? Tickers { get; init; }

    public string? EventTicker { get; init; }

    public string? SeriesTicker { get; init; }

    /// <summary>Page size, 1–1000 (Kalshi rejects larger values with 400). Null uses <see cref="KalshiClientOptions.DefaultPageLimit"/>.</summary>
    public int? Limit { get; init; }

    /// <summary>The cursor of the page to fetch; null for the first page.</summary>
    public string? Cursor { get; init; }
}
