using System.Text.Json;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.Api;

/// <summary>
/// Writes a market object: the recorded template field by field (so every static field keeps its real name and JSON
/// type), with the living fields (quote, sizes, last price, volumes, status, result, updated time) replaced by the
/// exchange's values. A settled market also gets <c>settlement_value_dollars</c> and <c>settlement_ts</c>, as in the
/// <c>finalized</c> captures. Call under the exchange's lock.
/// </summary>
internal static class MarketJsonWriter
{
    public static void Write(Utf8JsonWriter writer, MarketState market)
    {
        var q = market.Quote;
        var settled = market.Status == MarketStatus.Finalized;
        writer.WriteStartObject();
        foreach (var (name, value) in market.Template)
        {
            switch (name)
            {
                case "yes_bid_dollars": writer.WriteString(name, FixedPoint.Dollars4(q.YesBid)); break;
                case "yes_ask_dollars": writer.WriteString(name, FixedPoint.Dollars4(q.YesAsk)); break;
                case "no_bid_dollars": writer.WriteString(name, FixedPoint.Dollars4(q.NoBid)); break;
                case "no_ask_dollars": writer.WriteString(name, FixedPoint.Dollars4(q.NoAsk)); break;
                case "yes_bid_size_fp": writer.WriteString(name, FixedPoint.Count2(q.BidSize)); break;
                case "yes_ask_size_fp": writer.WriteString(name, FixedPoint.Count2(q.AskSize)); break;
                case "last_price_dollars": writer.WriteString(name, FixedPoint.Dollars4(market.LastPrice)); break;
                case "volume_fp": writer.WriteString(name, FixedPoint.Count2(market.Volume)); break;
                case "volume_24h_fp": writer.WriteString(name, FixedPoint.Count2(market.Volume24h)); break;
                case "open_interest_fp": writer.WriteString(name, FixedPoint.Count2(market.OpenInterest)); break;
                case "status": writer.WriteString(name, market.Status.ToWire()); break;
                case "result": writer.WriteString(name, market.Result); break;
                case "updated_time": writer.WriteString(name, WireTime.Rfc3339(market.UpdatedTime)); break;
                case "settlement_value_dollars" or "settlement_ts": break; // written below when settled
                default:
                    writer.WritePropertyName(name);
                    if (value is null) writer.WriteNullValue();
                    else value.WriteTo(writer);
                    break;
            }
        }
        if (settled)
        {
            writer.WriteString("settlement_ts", WireTime.Rfc3339(market.SettledTime ?? market.UpdatedTime));
            writer.WriteString("settlement_value_dollars", market.Result == "yes" ? "1.0000" : "0.0000");
        }
        writer.WriteEndObject();
    }
}
