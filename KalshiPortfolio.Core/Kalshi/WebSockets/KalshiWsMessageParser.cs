using System.Buffers;
using System.Text;
using System.Text.Json;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Json;
using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>
/// Parses Kalshi WebSocket text frames into <see cref="KalshiWsMessage"/>s. Never throws for bad input: a frame
/// that is not JSON, has no <c>type</c>, lacks a required field or carries a number outside
/// <see cref="KalshiInputLimits"/> becomes <see cref="KalshiWsMalformed"/> (with <see cref="KalshiWsMalformed.Skipped"/>
/// naming the item for data messages). Strings are read tolerantly: a lone surrogate becomes U+FFFD.
/// Tolerates <c>*_dollars</c>/<c>*_fp</c> as strings or numbers, the legacy integer fields (cents; centi-cents
/// on <c>market_position</c>), <c>seq</c> present or absent, and <c>ts_ms</c>/<c>ts</c>/<c>time</c>.
/// </summary>
public static class KalshiWsMessageParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Parses one UTF-8 frame.</summary>
    public static KalshiWsMessage Parse(ReadOnlySpan<byte> utf8Frame)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(utf8Frame.Length, 1));
        try
        {
            utf8Frame.CopyTo(buffer);
            return ParseDocument(buffer.AsMemory(0, utf8Frame.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses one text frame (as Websocket.Client delivers it).</summary>
    public static KalshiWsMessage Parse(string? frame)
    {
        if (string.IsNullOrEmpty(frame))
        {
            return new KalshiWsMalformed(null, "The frame is empty.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(frame.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(frame, buffer);
            return ParseDocument(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The document reads the pooled buffer in place, so it is disposed before the buffer is returned.
    private static KalshiWsMessage ParseDocument(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException ex)
        {
            return new KalshiWsMalformed(null, $"The frame is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new KalshiWsMalformed(null, "The frame is not a JSON object.");
            }

            string? type = null;
            var root = KalshiJsonObject.From(document.RootElement, "frame");
            try
            {
                type = root.NonEmptyString("type");
                return type is null ? new KalshiWsMalformed(null, "The frame has no 'type'.") : Read(type, root);
            }
            catch (KalshiInputException ex)
            {
                return Malformed(type, root, ex.Problem, ex.Message);
            }
            catch (KalshiProtocolException ex)
            {
                return Malformed(type, root, KalshiInputProblem.Missing, ex.Message);
            }
        }
    }

    private static KalshiWsMalformed Malformed(string? type, KalshiJsonObject root, KalshiInputProblem problem, string reason) =>
        new(type, reason)
        {
            Skipped = DataKind(type) is { } kind
                ? new KalshiSkippedInput(kind, $"{type} frame", MarketTickerOf(root), problem, reason)
                : null,
        };

    private static KalshiInputKind? DataKind(string? type) => type switch
    {
        "ticker" => KalshiInputKind.Ticker,
        "trade" => KalshiInputKind.Trade,
        "fill" => KalshiInputKind.Fill,
        "market_position" => KalshiInputKind.MarketPosition,
        _ => null,
    };

    // The market of a data frame whose message could not be used, when it can still be read; never throws.
    private static string? MarketTickerOf(KalshiJsonObject root)
    {
        if (!root.TryGetRaw("msg", out var msg) || msg.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return KalshiJsonObject.From(msg, "frame.msg").KeyOf("market_ticker", "ticker");
    }

    private static KalshiWsMessage Read(string type, KalshiJsonObject root) => type switch
    {
        "ticker" => ReadTicker(root),
        "trade" => ReadTrade(root),
        "fill" => ReadFill(root),
        "market_position" => ReadMarketPosition(root),
        "subscribed" => ReadSubscribed(root),
        "unsubscribed" => new KalshiWsUnsubscribed(root.Int64("id"), root.Int64("sid") ?? root.Object("msg")?.Int64("sid"), root.Int64("seq")),
        "ok" => ReadOk(root),
        "error" => ReadError(root),
        _ => new KalshiWsUnknown(type, root.Int64("sid"), root.Int64("seq")),
    };

    private static KalshiWsSubscribed ReadSubscribed(KalshiJsonObject root)
    {
        var msg = root.RequiredObject("msg");
        return new KalshiWsSubscribed(
            root.Int64("id"),
            msg.RequiredString("channel"),
            msg.Int64("sid") ?? throw new KalshiProtocolException("frame.msg: required field 'sid' is missing."));
    }

    private static KalshiWsOk ReadOk(KalshiJsonObject root)
    {
        var ok = new KalshiWsOk(root.Int64("id"), root.Int64("sid"), root.Int64("seq"));
        if (!root.TryGetRaw("msg", out var msg))
        {
            return ok;
        }

        return msg.ValueKind switch
        {
            JsonValueKind.Array => ok with
            {
                Subscriptions = root.Array("msg", s => new KalshiWsSubscription(
                    s.RequiredString("channel"),
                    s.Int64("sid") ?? throw new KalshiInputException(KalshiInputProblem.Missing, $"{s.Context}: required field 'sid' is missing."))),
            },
            JsonValueKind.Object => ok with { MarketTickers = root.RequiredObject("msg").StringArray("market_tickers") },
            _ => ok,
        };
    }

    private static KalshiWsError ReadError(KalshiJsonObject root)
    {
        var msg = root.Object("msg");
        return new KalshiWsError(
            root.Int64("id"),
            msg?.Int32("code") ?? 0,
            msg?.String("msg") ?? msg?.String("message") ?? root.String("msg") ?? string.Empty);
    }

    private static KalshiWsTicker ReadTicker(KalshiJsonObject root)
    {
        var m = root.RequiredObject("msg");
        return new KalshiWsTicker
        {
            Sid = root.Int64("sid"),
            Seq = root.Int64("seq"),
            MarketTicker = m.RequiredString("market_ticker"),
            MarketId = m.NonEmptyString("market_id"),
            Price = m.Price("price_dollars", "price"),
            YesBid = m.Price("yes_bid_dollars", "yes_bid"),
            YesAsk = m.Price("yes_ask_dollars", "yes_ask"),
            YesBidSize = m.Count("yes_bid_size_fp"),
            YesAskSize = m.Count("yes_ask_size_fp"),
            LastTradeSize = m.Count("last_trade_size_fp"),
            Volume = m.Volume("volume_fp", "volume"),
            OpenInterest = m.Volume("open_interest_fp", "open_interest"),
            DollarVolume = m.WholeVolume("dollar_volume"),
            DollarOpenInterest = m.WholeVolume("dollar_open_interest"),
            Timestamp = Time(m),
        };
    }

    private static KalshiWsTrade ReadTrade(KalshiJsonObject root)
    {
        var m = root.RequiredObject("msg");
        return new KalshiWsTrade
        {
            Sid = root.Int64("sid"),
            Seq = root.Int64("seq"),
            TradeId = m.NonEmptyString("trade_id"),
            MarketTicker = m.RequiredString("market_ticker", "ticker"),
            YesPrice = m.Price("yes_price_dollars", "yes_price"),
            NoPrice = m.Price("no_price_dollars", "no_price"),
            Count = m.RequiredCount("count_fp", "count"),
            TakerOutcomeSide = m.NonEmptyString("taker_outcome_side") ?? m.NonEmptyString("taker_side"),
            TakerBookSide = m.NonEmptyString("taker_book_side"),
            Timestamp = Time(m),
        };
    }

    private static KalshiWsFill ReadFill(KalshiJsonObject root)
    {
        var m = root.RequiredObject("msg");
        return new KalshiWsFill
        {
            Sid = root.Int64("sid"),
            Seq = root.Int64("seq"),
            TradeId = m.RequiredString("trade_id", "fill_id"),
            OrderId = m.NonEmptyString("order_id"),
            MarketTicker = m.RequiredString("market_ticker", "ticker"),
            IsTaker = m.Boolean("is_taker"),
            OutcomeSide = m.NonEmptyString("outcome_side") ?? m.NonEmptyString("side"),
            BookSide = m.NonEmptyString("book_side"),
            Side = m.NonEmptyString("side"),
            Action = m.NonEmptyString("action"),
            YesPrice = m.Price("yes_price_dollars", "yes_price"),
            Count = m.RequiredCount("count_fp", "count"),
            FeeCost = m.Dollars("fee_cost"),
            PostPosition = m.Count("post_position_fp", "post_position"),
            ClientOrderId = m.NonEmptyString("client_order_id"),
            Subaccount = m.Int32("subaccount"),
            Timestamp = Time(m),
        };
    }

    private static KalshiWsMarketPosition ReadMarketPosition(KalshiJsonObject root)
    {
        var m = root.RequiredObject("msg");
        return new KalshiWsMarketPosition
        {
            Sid = root.Int64("sid"),
            Seq = root.Int64("seq"),
            MarketTicker = m.RequiredString("market_ticker"),
            UserId = m.NonEmptyString("user_id"),
            Position = m.RequiredCount("position_fp", "position"),
            PositionCost = m.Dollars("position_cost_dollars", "position_cost", LegacyMoneyUnit.CentiCents),
            RealizedPnl = m.Dollars("realized_pnl_dollars", "realized_pnl", LegacyMoneyUnit.CentiCents),
            FeesPaid = m.Dollars("fees_paid_dollars", "fees_paid", LegacyMoneyUnit.CentiCents),
            PositionFeeCost = m.Dollars("position_fee_cost_dollars", "position_fee_cost", LegacyMoneyUnit.CentiCents),
            Volume = m.Volume("volume_fp", "volume"),
            Subaccount = m.Int32("subaccount"),
        };
    }

    /// <summary><c>ts_ms</c> (milliseconds), else <c>ts</c> (seconds, or RFC3339 on orderbook deltas), else <c>time</c>.</summary>
    private static DateTimeOffset? Time(KalshiJsonObject m) =>
        m.UnixMilliseconds("ts_ms") ?? m.Timestamp("ts") ?? m.Timestamp("time");
}
