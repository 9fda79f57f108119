using System.Buffers;
using System.Text.Json;
using KalshiPortfolio.Simulator.Exchange;

using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.Api;

/// <summary>
/// The public market data: <c>GET /markets</c> (filters <c>status</c>, <c>tickers</c>, <c>event_ticker</c>,
/// <c>series_ticker</c>; cursor pages), <c>GET /markets/{ticker}</c>, <c>GET /events</c>, <c>GET /events/{event_ticker}</c>
/// and <c>GET /exchange/status</c>.
/// </summary>
internal static class MarketEndpoints
{
    private const int MaxMarketsLimit = 1000;
    private const int MaxEventsLimit = 200;

    public static void Map(IEndpointRouteBuilder routes, SimulatedExchange exchange)
    {
        var prefix = TradeApiMiddleware.RestPrefix;
        routes.MapGet(prefix + "/exchange/status", context =>
            ErrorBodies.Write(context.Response, 200, new ExchangeStatusResponse(
                exchange.ExchangeActive,
                exchange.TradingActive,
                exchange.EstimatedResumeTime is { } resume ? WireTime.Rfc3339(resume) : null)));
        routes.MapGet(prefix + "/markets", context => ListMarkets(context, exchange));
        routes.MapGet(prefix + "/markets/{ticker}", context => SingleMarket(context, exchange));
        routes.MapGet(prefix + "/events", context => ListEvents(context, exchange));
        routes.MapGet(prefix + "/events/{event_ticker}", context => SingleEvent(context, exchange));
    }

    private static Task ListMarkets(HttpContext context, SimulatedExchange exchange)
    {
        var request = context.Request;
        if (Paging.ReadLimit(request, MaxMarketsLimit) is not { } limit) return ErrorBodies.WriteValidation(context.Response, "GetMarkets", "Limit", "lte");
        if (!MarketStatusNames.TryParseFilter(request.Query["status"].ToString(), out var statuses)) return ErrorBodies.WriteValidation(context.Response, "GetMarkets", "Status", "oneof");
        var tickers = request.Query["tickers"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var eventTicker = request.Query["event_ticker"].ToString();
        var seriesTicker = request.Query["series_ticker"].ToString();

        return WriteJson(context, exchange, writer =>
        {
            var markets = exchange.Markets
                .Where(m => statuses.Contains(m.Status))
                .Where(m => tickers.Count == 0 || tickers.Contains(m.Ticker))
                .Where(m => eventTicker.Length == 0 || m.EventTicker == eventTicker)
                .Where(m => seriesTicker.Length == 0 || m.EventTicker.Split('-')[0] == seriesTicker)
                .ToList();
            var (page, cursor) = Paging.Page(markets, request.Query["cursor"], limit);
            writer.WriteStartObject();
            writer.WriteString("cursor", cursor);
            writer.WriteStartArray("markets");
            foreach (var market in page) MarketJsonWriter.Write(writer, market);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static Task SingleMarket(HttpContext context, SimulatedExchange exchange)
    {
        var ticker = (string)context.Request.RouteValues["ticker"]!;
        if (exchange.FindMarket(ticker) is not { } market) return ErrorBodies.WriteNotFound(context.Response);
        return WriteJson(context, exchange, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("market");
            MarketJsonWriter.Write(writer, market);
            writer.WriteEndObject();
        });
    }

    private static Task ListEvents(HttpContext context, SimulatedExchange exchange)
    {
        var request = context.Request;
        if (Paging.ReadLimit(request, MaxEventsLimit) is not { } limit) return ErrorBodies.WriteValidation(context.Response, "GetEvents", "Limit", "lte");
        if (!MarketStatusNames.TryParseFilter(request.Query["status"].ToString(), out var statuses)) return ErrorBodies.WriteValidation(context.Response, "GetEvents", "Status", "oneof");
        var nested = string.Equals(request.Query["with_nested_markets"], "true", StringComparison.OrdinalIgnoreCase);
        var seriesTicker = request.Query["series_ticker"].ToString();

        return WriteJson(context, exchange, writer =>
        {
            var events = exchange.Markets
                .GroupBy(m => m.EventTicker)
                .Where(g => g.Any(m => statuses.Contains(m.Status)))
                .Where(g => seriesTicker.Length == 0 || g.Key.Split('-')[0] == seriesTicker)
                .ToList();
            var (page, cursor) = Paging.Page(events, request.Query["cursor"], limit);
            writer.WriteStartObject();
            writer.WriteString("cursor", cursor);
            writer.WriteStartArray("events");
            foreach (var group in page) EventJsonWriter.Write(writer, group.Key, [.. group], nested);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static Task SingleEvent(HttpContext context, SimulatedExchange exchange)
    {
        var eventTicker = (string)context.Request.RouteValues["event_ticker"]!;
        var nested = string.Equals(context.Request.Query["with_nested_markets"], "true", StringComparison.OrdinalIgnoreCase);
        var markets = exchange.Markets.Where(m => m.EventTicker == eventTicker).ToList(); // the catalogue list never changes
        if (markets.Count == 0) return ErrorBodies.WriteNotFound(context.Response);
        return WriteJson(context, exchange, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("event");
            EventJsonWriter.Write(writer, eventTicker, markets, nested);
            writer.WriteStartArray("markets");
            foreach (var market in markets) MarketJsonWriter.Write(writer, market);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static Task WriteJson(HttpContext context, SimulatedExchange exchange, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, SimJson.WriterOptions))
        {
            lock (exchange.Gate) write(writer);
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }
}
