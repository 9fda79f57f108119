using System.Text.Json.Serialization;
using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary>One open position as the REST API and the SSE feed show it. Money and counts are exact decimal strings.</summary>
public sealed record PositionDto
{
    public required string Ticker { get; init; }
    public string? MarketTitle { get; init; }
    public string? EventTicker { get; init; }

    /// <summary>yes or no.</summary>
    public required string Side { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal Quantity { get; init; }

    /// <summary>Kalshi's signed count: + YES, − NO.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal PositionFp { get; init; }

    /// <summary>Cost per contract held; null when it cannot be represented (a huge cost over a vanishing count).</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal? AvgEntryPriceDollars { get; init; }

    /// <summary>The held side's mark; null when the book gives no usable price.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? CurrentPriceDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? MarketValueDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal CostDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? UnrealizedPnlDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? UnrealizedPnlPercent { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal RealizedPnlDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required decimal FeesPaidDollars { get; init; }

    /// <summary>liquidation, mid or last: how <see cref="CurrentPriceDollars"/> was taken (after any fallback).</summary>
    public string? MarkMethod { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? YesBidDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? YesAskDollars { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public decimal? LastPriceDollars { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// True when Kalshi has not confirmed the figures recently: served from the local cache after a restart, or a
    /// price not confirmed (no quote, no REST check, no live socket) for longer than <c>Streaming:StaleAfter</c> (15 s).
    /// </summary>
    public required bool Stale { get; init; }

    /// <summary>When the app received the quote the mark comes from (null without a quote): the price's age.</summary>
    public DateTimeOffset? QuoteReceivedAt { get; init; }

    public static PositionDto From(PositionState p) => new()
    {
        Ticker = p.Ticker,
        MarketTitle = p.MarketTitle,
        EventTicker = p.EventTicker,
        Side = p.Side == PositionSide.Yes ? "yes" : "no",
        Quantity = p.Quantity,
        PositionFp = p.Position,
        AvgEntryPriceDollars = p.AverageEntryPrice,
        CurrentPriceDollars = p.MarkPrice,
        MarketValueDollars = p.MarketValue,
        CostDollars = p.Cost,
        UnrealizedPnlDollars = p.UnrealizedPnl,
        UnrealizedPnlPercent = p.UnrealizedPnlPercent,
        RealizedPnlDollars = p.RealizedPnl,
        FeesPaidDollars = p.FeesPaid,
        MarkMethod = p.MarkSource switch
        {
            Core.Portfolio.MarkMethod.Liquidation => "liquidation",
            Core.Portfolio.MarkMethod.Mid => "mid",
            Core.Portfolio.MarkMethod.Last => "last",
            _ => null,
        },
        YesBidDollars = p.Quote?.YesBid,
        YesAskDollars = p.Quote?.YesAsk,
        LastPriceDollars = p.Quote?.LastPrice,
        UpdatedAt = p.UpdatedAt,
        Stale = p.IsStale,
        QuoteReceivedAt = p.Quote?.ReceivedAt,
    };
}
