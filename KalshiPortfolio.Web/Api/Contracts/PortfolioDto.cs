using System.Text.Json.Serialization;
using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary>The account's totals. Money is exact decimal strings; today's P&amp;L runs from the start of Kalshi's day (New York).</summary>
public sealed record PortfolioDto
{
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal CashDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal MarketValueDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal TotalValueDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal CostBasisDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal UnrealizedPnlDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? UnrealizedPnlPercent { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal RealizedPnlDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal FeesPaidDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal TodayPnlDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? TodayPnlPercent { get; init; }

    public required int PositionCount { get; init; }

    /// <summary>Open positions with no usable price (left out of the market value).</summary>
    public required int UnmarkedCount { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    /// <summary>True only when the link is connected and verified against Kalshi: every figure is live.</summary>
    public required bool Live { get; init; }

    /// <summary>When Kalshi last confirmed the positions (a live socket or a REST check).</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>When the cash was last read from Kalshi's balance.</summary>
    public DateTimeOffset? CashVerifiedAt { get; init; }

    /// <summary>True when the cash may be behind: a fill since the last balance read, or no read for too long.</summary>
    public required bool CashStale { get; init; }

    /// <summary>Open positions marked stale (see <see cref="PositionDto.Stale"/>).</summary>
    public required int StalePositionCount { get; init; }

    public static PortfolioDto From(PortfolioView view) => new()
    {
        CashDollars = view.Summary.Cash,
        MarketValueDollars = view.Summary.MarketValue,
        TotalValueDollars = view.Summary.TotalValue,
        CostBasisDollars = view.Summary.CostBasis,
        UnrealizedPnlDollars = view.Summary.UnrealizedPnl,
        UnrealizedPnlPercent = view.Summary.UnrealizedPnlPercent,
        RealizedPnlDollars = view.Summary.RealizedPnl,
        FeesPaidDollars = view.Summary.FeesPaid,
        TodayPnlDollars = view.Today.Dollars,
        TodayPnlPercent = view.Today.Percent,
        PositionCount = view.Summary.PositionCount,
        UnmarkedCount = view.Summary.UnmarkedCount,
        AsOf = view.Summary.AsOf,
        Live = view.Freshness.Live,
        VerifiedAt = view.Freshness.VerifiedAt,
        CashVerifiedAt = view.Freshness.CashVerifiedAt,
        CashStale = view.Freshness.CashStale,
        StalePositionCount = view.Freshness.StalePositions,
    };
}

/// <summary><c>GET /api/v1/account/portfolio</c>.</summary>
public sealed record PortfolioResponse
{
    public required PortfolioDto Portfolio { get; init; }

    /// <summary>live, or cache until Kalshi has answered since the app started.</summary>
    public required string Source { get; init; }

    public DateTimeOffset? CachedAt { get; init; }

    public required ConnectionStatusDto ConnectionStatus { get; init; }
}
