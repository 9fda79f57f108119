using System.Buffers;
using System.Globalization;
using System.Text;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.WebSockets;

/// <summary>
/// The data messages (reference §5.4–5.6) and their envelope <c>{"type":..,"sid":..,"msg":{..}}</c>. The body of a
/// message is serialized once per event; only the envelope (which carries each subscription's sid) is per socket.
/// </summary>
internal static class WsWire
{
    public const string TickerChannel = "ticker";
    public const string TradeChannel = "trade";
    public const string FillChannel = "fill";
    public const string MarketPositionsChannel = "market_positions";

    public static readonly IReadOnlySet<string> Channels = new HashSet<string> { TickerChannel, TradeChannel, FillChannel, MarketPositionsChannel };

    /// <summary>Channels that need an authenticated session.</summary>
    public static bool IsPrivate(string channel) => channel is FillChannel or MarketPositionsChannel;

    public static readonly byte[] TickerPrefix = "{\"type\":\"ticker\",\"sid\":"u8.ToArray();
    public static readonly byte[] TradePrefix = "{\"type\":\"trade\",\"sid\":"u8.ToArray();
    public static readonly byte[] FillPrefix = "{\"type\":\"fill\",\"sid\":"u8.ToArray();
    public static readonly byte[] MarketPositionPrefix = "{\"type\":\"market_position\",\"sid\":"u8.ToArray();
    private static readonly byte[] MsgInfix = ",\"msg\":"u8.ToArray();

    public static byte[] Envelope(byte[] prefix, int sid, byte[] body)
    {
        Span<byte> digits = stackalloc byte[11];
        sid.TryFormat(digits, out var n, provider: CultureInfo.InvariantCulture);
        var result = new byte[prefix.Length + n + MsgInfix.Length + body.Length + 1];
        var span = result.AsSpan();
        prefix.CopyTo(span);
        digits[..n].CopyTo(span[prefix.Length..]);
        MsgInfix.CopyTo(span[(prefix.Length + n)..]);
        body.CopyTo(span[(prefix.Length + n + MsgInfix.Length)..]);
        result[^1] = (byte)'}';
        return result;
    }

    public static byte[] TickerBody(MarketState m, DateTimeOffset now) => SimJson.SerializeToUtf8(new TickerMsg(
        m.Ticker,
        m.MarketId,
        FixedPoint.Dollars4(m.LastPrice),
        FixedPoint.Dollars4(m.Quote.YesBid),
        FixedPoint.Dollars4(m.Quote.YesAsk),
        FixedPoint.Count2(m.Quote.BidSize),
        FixedPoint.Count2(m.Quote.AskSize),
        FixedPoint.Count2(m.LastTradeSize),
        FixedPoint.Count2(m.Volume),
        FixedPoint.Count2(m.OpenInterest),
        (long)decimal.Truncate(m.Volume * m.LastPrice),
        (long)decimal.Truncate(m.OpenInterest * m.LastPrice),
        WireTime.UnixSeconds(now),
        WireTime.UnixMilliseconds(now),
        WireTime.Rfc3339(now)));

    public static byte[] TradeBody(TradeRecord t) => SimJson.SerializeToUtf8(new TradeMsg(
        t.TradeId,
        t.Ticker,
        FixedPoint.Dollars4(t.YesPrice),
        FixedPoint.Dollars4(1m - t.YesPrice),
        FixedPoint.Count2(t.Count),
        t.TakerOutcomeSide.ToWire(),
        t.TakerOutcomeSide.ToWire(),
        t.TakerOutcomeSide == ContractSide.Yes ? "bid" : "ask",
        WireTime.UnixSeconds(t.Time),
        WireTime.UnixMilliseconds(t.Time)));

    public static byte[] FillBody(FillRecord f) => SimJson.SerializeToUtf8(new FillMsg(
        f.FillId,
        f.OrderId,
        f.Ticker,
        0,
        f.IsTaker,
        f.Side.ToWire(),
        f.Action.ToWire(),
        FixedPoint.Dollars4(f.YesPrice),
        FixedPoint.Dollars4(f.NoPrice),
        FixedPoint.Count2(f.Count),
        FixedPoint.Dollars6(f.Fee),
        f.OutcomeSide.ToWire(),
        f.BookSide,
        f.Side.ToWire(),
        FixedPoint.Count2(f.PostPosition),
        WireTime.UnixSeconds(f.Created),
        WireTime.UnixMilliseconds(f.Created),
        0));

    public static byte[] MarketPositionBody(Account a, PositionBook p) => SimJson.SerializeToUtf8(new MarketPositionMsg(
        a.UserId,
        p.Ticker,
        FixedPoint.Count2(p.Position),
        FixedPoint.Dollars4(p.Cost),
        FixedPoint.Dollars4(p.RealizedPnl),
        FixedPoint.Dollars4(p.FeesPaid),
        FixedPoint.Dollars4(p.PositionFees),
        FixedPoint.Count2(p.Volume),
        0));

    /// <summary>Writes a command response (ack, ok, error) with a <see cref="System.Text.Json.Utf8JsonWriter"/>.</summary>
    public static byte[] Response(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, SimJson.WriterOptions)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Error(long? id, int code, string? detail = null) => Response(w =>
    {
        w.WriteStartObject();
        if (id is { } value) w.WriteNumber("id", value);
        w.WriteString("type", "error");
        w.WriteStartObject("msg");
        w.WriteNumber("code", code);
        w.WriteString("msg", detail is null ? WsErrorCode.Message(code) : WsErrorCode.Message(code) + ": " + detail);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private sealed record TickerMsg(
        string MarketTicker,
        string MarketId,
        string PriceDollars,
        string YesBidDollars,
        string YesAskDollars,
        string YesBidSizeFp,
        string YesAskSizeFp,
        string LastTradeSizeFp,
        string VolumeFp,
        string OpenInterestFp,
        long DollarVolume,
        long DollarOpenInterest,
        long Ts,
        long TsMs,
        string Time);

    private sealed record TradeMsg(
        string TradeId,
        string MarketTicker,
        string YesPriceDollars,
        string NoPriceDollars,
        string CountFp,
        string TakerSide,
        string TakerOutcomeSide,
        string TakerBookSide,
        long Ts,
        long TsMs);

    private sealed record FillMsg(
        string TradeId,
        string OrderId,
        string MarketTicker,
        int ExchangeIndex,
        bool IsTaker,
        string Side,
        string Action,
        string YesPriceDollars,
        string NoPriceDollars,
        string CountFp,
        string FeeCost,
        string OutcomeSide,
        string BookSide,
        string PurchasedSide,
        string PostPositionFp,
        long Ts,
        long TsMs,
        int Subaccount);

    private sealed record MarketPositionMsg(
        string UserId,
        string MarketTicker,
        string PositionFp,
        string PositionCostDollars,
        string RealizedPnlDollars,
        string FeesPaidDollars,
        string PositionFeeCostDollars,
        string VolumeFp,
        int Subaccount);
}
