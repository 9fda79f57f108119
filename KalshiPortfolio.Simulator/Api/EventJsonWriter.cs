using System.Text.Json;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.Api;

/// <summary>
/// Writes an event object (reference §4.2). The catalogue holds markets only, so an event is synthesized from its
/// markets: <c>series_ticker</c> is the event ticker's first segment, <c>title</c> the first market's title,
/// <c>strike_date</c> its expected expiration. Call under the exchange's lock.
/// </summary>
internal static class EventJsonWriter
{
    public static void Write(Utf8JsonWriter writer, string eventTicker, IReadOnlyList<MarketState> markets, bool withNestedMarkets)
    {
        var first = markets[0].Template;
        writer.WriteStartObject();
        writer.WriteBoolean("available_on_brokers", false);
        writer.WriteString("category", "Sports");
        writer.WriteString("collateral_return_type", "");
        writer.WriteString("event_ticker", eventTicker);
        writer.WriteNumber("exchange_index", 0);
        writer.WriteString("last_updated_ts", WireTime.Rfc3339(markets.Max(m => m.UpdatedTime)));
        if (withNestedMarkets)
        {
            writer.WriteStartArray("markets");
            foreach (var market in markets) MarketJsonWriter.Write(writer, market);
            writer.WriteEndArray();
        }
        writer.WriteBoolean("mutually_exclusive", markets.Count > 1 && first["strike_type"]?.GetValue<string>() == "structured");
        writer.WriteStartObject("product_metadata");
        writer.WriteEndObject();
        writer.WriteString("series_ticker", eventTicker.Split('-')[0]);
        writer.WriteStartArray("settlement_sources");
        writer.WriteEndArray();
        writer.WriteString("strike_date", first["expected_expiration_time"]?.GetValue<string>());
        writer.WriteString("strike_period", "");
        writer.WriteString("sub_title", "");
        writer.WriteString("title", first["title"]?.GetValue<string>() ?? eventTicker);
        writer.WriteEndObject();
    }
}
