using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Core.Kalshi.Json;

/// <summary>
/// Parses Kalshi REST response bodies (UTF-8 JSON) into models, tolerating the current <c>*_dollars</c>/<c>*_fp</c>
/// strings, numbers where strings are expected, and the legacy integer fields (cents). Unknown fields are ignored.
/// Every number is checked against <see cref="KalshiInputLimits"/>. A row of a list that cannot be used (a required
/// field missing, a value of the wrong type or out of range) is left out and listed in the result's <c>Skipped</c>,
/// so one bad row never hides the others. Every method throws <see cref="KalshiProtocolException"/> for malformed
/// JSON, or when the response's own fields (not a row's) cannot be used.
/// </summary>
public static class KalshiResponseParser
{
    /// <summary><c>GET /portfolio/balance</c>.</summary>
    public static KalshiBalance ParseBalance(ReadOnlyMemory<byte> utf8Json) =>
        KalshiJsonDocument.Read(utf8Json, "balance response", ReadBalance);

    /// <summary><c>GET /portfolio/positions</c> (one page).</summary>
    public static KalshiPositionsPage ParsePositionsPage(ReadOnlyMemory<byte> utf8Json) =>
        KalshiJsonDocument.Read(utf8Json, "positions response", root =>
        {
            var skipped = new List<KalshiSkippedInput>();
            return new KalshiPositionsPage(
                root.SkippingArray("market_positions", ReadMarketPosition, KalshiInputKind.MarketPosition, skipped, "ticker", "market_ticker"),
                root.SkippingArray("event_positions", ReadEventPosition, KalshiInputKind.EventPosition, skipped, "event_ticker"),
                root.NonEmptyString("cursor")) { Skipped = skipped };
        });

    /// <summary><c>GET /portfolio/fills</c> (one page).</summary>
    public static KalshiPage<KalshiFill> ParseFillsPage(ReadOnlyMemory<byte> utf8Json) =>
        KalshiJsonDocument.Read(utf8Json, "fills response", root => Page(root, "fills", ReadFill, KalshiInputKind.Fill, "ticker", "market_ticker", "fill_id", "trade_id"));

    /// <summary><c>GET /portfolio/settlements</c> (one page).</summary>
    public static KalshiPage<KalshiSettlement> ParseSettlementsPage(ReadOnlyMemory<byte> utf8Json) =>
        KalshiJsonDocument.Read(utf8Json, "settlements response", root => Page(root, "settlements", ReadSettlement, KalshiInputKind.Settlement, "ticker", "market_ticker"));

    /// <summary><c>GET /markets/{ticker}</c>: <c>{"market":{...}}</c> (a bare market object is tolerated).</summary>
    public static KalshiMarket ParseMarket(ReadOnlyMemory<byte> utf8Json) =>
        KalshiJsonDocument.Read(utf8Json, "market response", root =>
            ReadMarket(root.Object("market") ?? (root.Has("ticker") ? root : root.RequiredObject("market"))));

    /// <summary><c>GET /markets</c> (one page).</summary>
    public static KalshiPage<KalshiMarket> ParseMarketsPage(ReadOnlyMemory<byte> utf8Json) =>
        KalshiJsonDocument.Read(utf8Json, "markets response", root => Page(root, "markets", ReadMarket, KalshiInputKind.Market, "ticker"));

    /// <summary><c>GET /events/{event_ticker}</c>: markets from <c>event.markets</c> or the top-level <c>markets</c>.</summary>
    public static KalshiEvent ParseEvent(ReadOnlyMemory<byte> utf8Json) =>
        KalshiJsonDocument.Read(utf8Json, "event response", ReadEventResponse);

    /// <summary><c>GET /exchange/status</c>.</summary>
    public static KalshiExchangeStatus ParseExchangeStatus(ReadOnlyMemory<byte> utf8Json) =>
        KalshiJsonDocument.Read(utf8Json, "exchange status response", root => new KalshiExchangeStatus(
            root.RequiredBoolean("exchange_active"),
            root.RequiredBoolean("trading_active"),
            root.Timestamp("exchange_estimated_resume_time"),
            root.Boolean("intra_exchange_transfers_active")));

    // ---- element readers (shared with the WebSocket parser) ---------------------------------------------------

    internal static KalshiBalance ReadBalance(KalshiJsonObject o) => new(
        Cash: o.RequiredDollars("balance_dollars", "balance"),
        PortfolioValue: o.Dollars("portfolio_value_dollars", "portfolio_value"),
        UpdatedAt: o.Timestamp("updated_ts"));

    internal static KalshiMarketPosition ReadMarketPosition(KalshiJsonObject o) => new()
    {
        Ticker = o.RequiredString("ticker", "market_ticker"),
        Position = o.RequiredCount("position_fp", "position"),
        MarketExposure = o.RequiredDollars("market_exposure_dollars", "market_exposure"),
        RealizedPnl = o.Dollars("realized_pnl_dollars", "realized_pnl") ?? 0m,
        FeesPaid = o.Dollars("fees_paid_dollars", "fees_paid") ?? 0m,
        TotalTraded = o.Dollars("total_traded_dollars", "total_traded") ?? 0m,
        LastUpdated = o.Timestamp("last_updated_ts"),
        RestingOrdersCount = o.Int32("resting_orders_count"),
    };

    internal static KalshiEventPosition ReadEventPosition(KalshiJsonObject o) => new()
    {
        EventTicker = o.RequiredString("event_ticker"),
        TotalCost = o.Dollars("total_cost_dollars", "total_cost") ?? 0m,
        TotalCostShares = o.Volume("total_cost_shares_fp", "total_cost_shares") ?? 0m,
        EventExposure = o.Dollars("event_exposure_dollars", "event_exposure") ?? 0m,
        RealizedPnl = o.Dollars("realized_pnl_dollars", "realized_pnl") ?? 0m,
        FeesPaid = o.Dollars("fees_paid_dollars", "fees_paid") ?? 0m,
        RestingOrderCount = o.Int32("resting_order_count"),
    };

    internal static KalshiFill ReadFill(KalshiJsonObject o) => new()
    {
        FillId = o.RequiredString("fill_id", "trade_id"),
        OrderId = o.NonEmptyString("order_id"),
        Ticker = o.RequiredString("ticker", "market_ticker"),
        OutcomeSide = o.NonEmptyString("outcome_side"),
        BookSide = o.NonEmptyString("book_side"),
        Side = o.NonEmptyString("side"),
        Action = o.NonEmptyString("action"),
        Count = o.RequiredCount("count_fp", "count"),
        YesPrice = o.Price("yes_price_dollars", "yes_price"),
        NoPrice = o.Price("no_price_dollars", "no_price"),
        IsTaker = o.Boolean("is_taker"),
        FeeCost = o.Dollars("fee_cost") ?? 0m,
        CreatedTime = o.Timestamp("created_time") ?? o.Timestamp("ts"),
    };

    internal static KalshiSettlement ReadSettlement(KalshiJsonObject o) => new()
    {
        Ticker = o.RequiredString("ticker", "market_ticker"),
        EventTicker = o.NonEmptyString("event_ticker"),
        MarketResult = o.NonEmptyString("market_result"),
        YesCount = o.Count("yes_count_fp", "yes_count") ?? 0m,
        NoCount = o.Count("no_count_fp", "no_count") ?? 0m,
        YesTotalCost = o.Dollars("yes_total_cost_dollars", "yes_total_cost") ?? 0m,
        NoTotalCost = o.Dollars("no_total_cost_dollars", "no_total_cost") ?? 0m,
        // revenue and value are integer cents on the wire, unlike the dollar-string costs beside them.
        Revenue = o.Dollars("revenue_dollars", "revenue") ?? 0m,
        FeeCost = o.Dollars("fee_cost") ?? 0m,
        Value = o.Price("value_dollars", "value"),
        SettledTime = o.Timestamp("settled_time"),
    };

    internal static KalshiMarket ReadMarket(KalshiJsonObject o) => new()
    {
        Ticker = o.RequiredString("ticker"),
        EventTicker = o.NonEmptyString("event_ticker"),
        MarketType = o.NonEmptyString("market_type"),
        Title = o.NonEmptyString("title"),
        Subtitle = o.NonEmptyString("subtitle"),
        YesSubTitle = o.NonEmptyString("yes_sub_title"),
        NoSubTitle = o.NonEmptyString("no_sub_title"),
        Status = o.NonEmptyString("status"),
        YesBid = o.Price("yes_bid_dollars", "yes_bid"),
        YesAsk = o.Price("yes_ask_dollars", "yes_ask"),
        NoBid = o.Price("no_bid_dollars", "no_bid"),
        NoAsk = o.Price("no_ask_dollars", "no_ask"),
        YesBidSize = o.Count("yes_bid_size_fp"),
        YesAskSize = o.Count("yes_ask_size_fp"),
        LastPrice = o.Price("last_price_dollars", "last_price"),
        Volume = o.Volume("volume_fp", "volume"),
        Volume24h = o.Volume("volume_24h_fp", "volume_24h"),
        OpenInterest = o.Volume("open_interest_fp", "open_interest"),
        OpenTime = o.Timestamp("open_time"),
        CloseTime = o.Timestamp("close_time"),
        Result = o.NonEmptyString("result"),
        SettlementValue = o.Price("settlement_value_dollars", "settlement_value"),
        PriceLevelStructure = o.NonEmptyString("price_level_structure"),
        PriceRanges = o.Array("price_ranges", r => new KalshiPriceRange(
            r.RequiredPrice("start"), r.RequiredPrice("end"), r.RequiredPrice("step"))),
        UpdatedTime = o.Timestamp("updated_time"),
    };

    private static KalshiEvent ReadEventResponse(KalshiJsonObject root)
    {
        var evt = root.Object("event") ?? (root.Has("event_ticker") ? root : root.RequiredObject("event"));
        var skipped = new List<KalshiSkippedInput>();
        var nested = evt.SkippingArray("markets", ReadMarket, KalshiInputKind.Market, skipped, "ticker");
        var markets = nested.Count > 0 || skipped.Count > 0
            ? nested
            : root.SkippingArray("markets", ReadMarket, KalshiInputKind.Market, skipped, "ticker");
        return new KalshiEvent
        {
            EventTicker = evt.RequiredString("event_ticker"),
            SeriesTicker = evt.NonEmptyString("series_ticker"),
            Title = evt.NonEmptyString("title"),
            SubTitle = evt.NonEmptyString("sub_title"),
            Category = evt.NonEmptyString("category"),
            MutuallyExclusive = evt.Boolean("mutually_exclusive"),
            StrikeDate = evt.Timestamp("strike_date"),
            Markets = markets,
            Skipped = skipped,
        };
    }

    private static KalshiPage<T> Page<T>(
        KalshiJsonObject root, string arrayName, Func<KalshiJsonObject, T> read, KalshiInputKind kind, params ReadOnlySpan<string> keyFields)
    {
        var skipped = new List<KalshiSkippedInput>();
        var items = root.SkippingArray(arrayName, read, kind, skipped, keyFields);
        return new KalshiPage<T>(items, root.NonEmptyString("cursor")) { Skipped = skipped };
    }
}
