using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// Loads the embedded catalogue: the 200 real open markets Kalshi's demo exchange returned for
/// <c>GET /markets?status=open&amp;limit=200</c> on 2026-06-11. Every time field is shifted by whole seconds so that the
/// recording moment maps to the simulator's start (close times stay days ahead, as they were).
/// </summary>
internal static class MarketCatalogue
{
    /// <summary>When the catalogue was recorded (<c>markets__status_open.meta.json</c>, recorded_at_epoch_ms).</summary>
    public static readonly DateTimeOffset RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(1781159353157);

    private const string ResourceName = "KalshiPortfolio.Simulator.Catalogue.markets.json";

    private static readonly string[] TimeFields =
    [
        "close_time", "created_time", "expected_expiration_time", "expiration_time", "latest_expiration_time",
        "open_time", "occurrence_datetime", "updated_time", "settlement_ts",
    ];

    private static readonly Lazy<JsonArray> Recorded = new(ReadResource);

    /// <summary>The recorded markets, then <paramref name="syntheticMarkets"/> clones of them (see <see cref="SimulatorOptions.SyntheticMarkets"/>).</summary>
    public static IReadOnlyList<MarketState> Load(DateTimeOffset now, int syntheticMarkets = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(syntheticMarkets);
        var shift = TimeSpan.FromSeconds(Math.Round((now - RecordedAt).TotalSeconds));
        var grids = new Dictionary<string, TickGrid>();
        var markets = new List<MarketState>();
        var recorded = Recorded.Value;
        for (var i = 0; i < recorded.Count + syntheticMarkets; i++)
        {
            var template = recorded[i % recorded.Count]!.DeepClone().AsObject();
            if (i >= recorded.Count)
            {
                var suffix = "-S" + (i - recorded.Count + 1).ToString(CultureInfo.InvariantCulture);
                template["ticker"] = template["ticker"]!.GetValue<string>() + suffix;
                template["event_ticker"] = template["event_ticker"]!.GetValue<string>() + suffix;
            }
            foreach (var field in TimeFields)
            {
                if (template[field]?.GetValue<string>() is { } text && WireTime.TryParse(text, out var time))
                {
                    template[field] = WireTime.Rfc3339(time + shift);
                }
            }

            var ticker = template["ticker"]!.GetValue<string>();
            var rangesJson = template["price_ranges"]?.ToJsonString() ?? "";
            if (!grids.TryGetValue(rangesJson, out var grid))
            {
                grid = ParseGrid(template["price_ranges"] as JsonArray);
                grids[rangesJson] = grid;
            }
            WireTime.TryParse(template["close_time"]?.GetValue<string>(), out var closeTime);

            var market = new MarketState(ticker, template["event_ticker"]!.GetValue<string>(), StableUuid(ticker), template, grid, closeTime)
            {
                Quote = new Quote(
                    Decimal(template, "yes_bid_dollars"), Decimal(template, "yes_bid_size_fp"),
                    Decimal(template, "yes_ask_dollars"), Decimal(template, "yes_ask_size_fp")),
                LastPrice = Decimal(template, "last_price_dollars"),
                Volume = Decimal(template, "volume_fp"),
                Volume24h = Decimal(template, "volume_24h_fp"),
                OpenInterest = Decimal(template, "open_interest_fp"),
            };
            WireTime.TryParse(template["updated_time"]?.GetValue<string>(), out var updated);
            market.UpdatedTime = updated;
            markets.Add(market);
        }
        return markets;
    }

    private static JsonArray ReadResource()
    {
        using var stream = typeof(MarketCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        var root = JsonNode.Parse(stream)!.AsObject();
        return root["markets"]!.AsArray();
    }

    private static TickGrid ParseGrid(JsonArray? ranges)
    {
        if (ranges is null || ranges.Count == 0) return TickGrid.LinearCent;
        return new TickGrid(ranges.Select(r => (
            decimal.Parse(r!["start"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            decimal.Parse(r["end"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            decimal.Parse(r["step"]!.GetValue<string>(), CultureInfo.InvariantCulture))));
    }

    private static decimal Decimal(JsonObject market, string field) =>
        FixedPoint.TryParse(market[field]?.GetValue<string>(), out var value) ? value : 0m;

    /// <summary>A name-based UUID, so a market keeps its id across restarts.</summary>
    private static string StableUuid(string name)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes("kalshi-sim:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true).ToString();
    }
}
