namespace KalshiPortfolio.Bench.Latency;

/// <summary>What an SSE event says about a quote: the app's <c>position_update</c> or the floor's relayed <c>ticker</c> frame.</summary>
public enum ReceiptKind
{
    /// <summary>Any other event (snapshot, portfolio_update, a subscription ack, …).</summary>
    Other,

    /// <summary>The app's <c>{"type":"position_update","position":{"ticker":…,"yes_bid_dollars":…}}</c>.</summary>
    PositionUpdate,

    /// <summary>Kalshi's <c>{"type":"ticker","sid":…,"msg":{"market_ticker":…,"yes_bid_dollars":…}}</c>, relayed raw by the floor.</summary>
    Ticker,
}

/// <summary>
/// Reads the ticker and the YES bid and ask out of one SSE event's data without a JSON parser: both payloads lead with
/// their <c>type</c> (the app's contract; Kalshi's envelope) and carry each field once, so a few vectorized searches
/// suffice and a thousand clients cost the bench little. Money is a fixed-point string ("0.4100"); only whole cents match.
/// </summary>
public static class QuoteReceipt
{
    private static ReadOnlySpan<byte> PositionUpdatePrefix => "{\"type\":\"position_update\""u8;
    private static ReadOnlySpan<byte> TickerPrefix => "{\"type\":\"ticker\""u8;
    private static ReadOnlySpan<byte> TickerKey => "\"ticker\":\""u8;
    private static ReadOnlySpan<byte> MarketTickerKey => "\"market_ticker\":\""u8;
    private static ReadOnlySpan<byte> YesBidKey => "\"yes_bid_dollars\":\""u8;
    private static ReadOnlySpan<byte> YesAskKey => "\"yes_ask_dollars\":\""u8;

    /// <summary>The kind of event; for quotes also the ticker (UTF-8, a slice of <paramref name="data"/>) and the prices in cents.</summary>
    public static ReceiptKind Read(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> ticker, out int bidCents, out int askCents)
    {
        ticker = default;
        bidCents = -1;
        askCents = -1;
        ReceiptKind kind;
        ReadOnlySpan<byte> tickerKey;
        if (data.StartsWith(PositionUpdatePrefix))
        {
            kind = ReceiptKind.PositionUpdate;
            tickerKey = TickerKey;
        }
        else if (data.StartsWith(TickerPrefix))
        {
            kind = ReceiptKind.Ticker;
            tickerKey = MarketTickerKey;
        }
        else
        {
            return ReceiptKind.Other;
        }

        if (!TryString(data, tickerKey, out ticker)
            || !TryString(data, YesBidKey, out var bid) || (bidCents = ParseCents(bid)) < 0
            || !TryString(data, YesAskKey, out var ask) || (askCents = ParseCents(ask)) < 0)
        {
            return ReceiptKind.Other;
        }
        return kind;
    }

    /// <summary>A JSON string value (without escapes) following <paramref name="key"/>.</summary>
    private static bool TryString(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        var at = data.IndexOf(key);
        if (at < 0)
        {
            value = default;
            return false;
        }
        var rest = data[(at + key.Length)..];
        var end = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || rest[end] != '"')
        {
            value = default;
            return false;
        }
        value = rest[..end];
        return true;
    }

    /// <summary>A non-negative fixed-point dollar amount in whole cents ("0.41", "0.4100" → 41); -1 when not whole cents or not a number.</summary>
    public static int ParseCents(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text.Length > 16)
        {
            return -1;
        }
        long dollars = 0;
        var i = 0;
        for (; i < text.Length && text[i] != '.'; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }
            dollars = dollars * 10 + digit;
        }
        if (i == 0)
        {
            return -1;
        }
        var cents = 0;
        var fraction = 0;
        for (i++; i < text.Length; i++, fraction++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }
            if (fraction < 2)
            {
                cents = cents * 10 + digit;
            }
            else if (digit != 0)
            {
                return -1; // a fraction of a cent: never a price the bench publishes
            }
        }
        if (fraction == 1)
        {
            cents *= 10;
        }
        var total = dollars * 100 + cents;
        return total > int.MaxValue ? -1 : (int)total;
    }
}
