using System.Globalization;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.Api;

/// <summary><c>GET /portfolio/balance | positions | fills | settlements</c> (signed; the account comes from the middleware).</summary>
internal static class PortfolioEndpoints
{
    private const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder routes, SimulatedExchange exchange)
    {
        var group = routes.MapGroup(TradeApiMiddleware.RestPrefix + "/portfolio");
        group.MapGet("/balance", context => Balance(context, exchange));
        group.MapGet("/positions", context => Positions(context, exchange));
        group.MapGet("/fills", context => Fills(context, exchange));
        group.MapGet("/settlements", context => Settlements(context, exchange));
    }

    private static Task Balance(HttpContext context, SimulatedExchange exchange)
    {
        var account = TradeApiMiddleware.AccountOf(context)!;
        BalanceResponse body;
        lock (exchange.Gate)
        {
            var dollars = FixedPoint.Dollars4(account.Cash);
            body = new BalanceResponse(
                FixedPoint.TruncatedCents(account.Cash),
                [new BalanceBreakdownRow(dollars, 0)],
                dollars,
                PortfolioMapper.PortfolioValueCents(account, exchange),
                WireTime.UnixSeconds(exchange.Time.GetUtcNow()));
        }
        return ErrorBodies.Write(context.Response, 200, body);
    }

    private static Task Positions(HttpContext context, SimulatedExchange exchange)
    {
        var request = context.Request;
        if (Paging.ReadLimit(request, MaxLimit) is not { } limit) return ErrorBodies.WriteValidation(context.Response, "GetPositions", "Limit", "lte");
        var ticker = request.Query["ticker"].ToString();
        var eventTicker = request.Query["event_ticker"].ToString();
        var countFilter = request.Query["count_filter"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (countFilter.Any(f => f is not ("position" or "total_traded"))) return ErrorBodies.WriteValidation(context.Response, "GetPositions", "CountFilter", "oneof");

        var account = TradeApiMiddleware.AccountOf(context)!;
        PositionsResponse body;
        lock (exchange.Gate)
        {
            var books = account.PositionOrder
                .Where(b => !b.Settled)
                .Where(b => ticker.Length == 0 || b.Ticker == ticker)
                .Where(b => eventTicker.Length == 0 || b.EventTicker == eventTicker)
                .Where(b => countFilter.Length == 0
                    || (countFilter.Contains("position") && b.Position != 0)
                    || (countFilter.Contains("total_traded") && b.TotalTraded != 0))
                .Reverse() // most recently opened first
                .ToList();
            var (page, cursor) = Paging.Page(books, request.Query["cursor"], limit);
            // A page is a slice of the listing: each event row appears once across the pages, on the page that holds
            // the event's first market row, with totals over all of the event's (filtered) markets.
            var events = page
                .Where(b => ReferenceEquals(books.First(x => x.EventTicker == b.EventTicker), b))
                .Select(b => PortfolioMapper.ToEventRow(b.EventTicker, books.Where(x => x.EventTicker == b.EventTicker)))
                .ToArray();
            body = new PositionsResponse(cursor, events, [.. page.Select(PortfolioMapper.ToRow)]);
        }
        return ErrorBodies.Write(context.Response, 200, body);
    }

    private static Task Fills(HttpContext context, SimulatedExchange exchange)
    {
        var request = context.Request;
        if (Paging.ReadLimit(request, MaxLimit) is not { } limit) return ErrorBodies.WriteValidation(context.Response, "GetFills", "Limit", "lte");
        var ticker = request.Query["ticker"].ToString();
        var orderId = request.Query["order_id"].ToString();
        var (minTs, maxTs) = TimeRange(request);

        var account = TradeApiMiddleware.AccountOf(context)!;
        FillsResponse body;
        lock (exchange.Gate)
        {
            var fills = Enumerable.Reverse(account.Fills)
                .Where(f => ticker.Length == 0 || f.Ticker == ticker)
                .Where(f => orderId.Length == 0 || f.OrderId == orderId)
                .Where(f => WireTime.UnixSeconds(f.Created) >= minTs && WireTime.UnixSeconds(f.Created) <= maxTs)
                .ToList();
            var (page, cursor) = Paging.Page(fills, request.Query["cursor"], limit);
            body = new FillsResponse(cursor, [.. page.Select(PortfolioMapper.ToRow)]);
        }
        return ErrorBodies.Write(context.Response, 200, body);
    }

    private static Task Settlements(HttpContext context, SimulatedExchange exchange)
    {
        var request = context.Request;
        if (Paging.ReadLimit(request, MaxLimit) is not { } limit) return ErrorBodies.WriteValidation(context.Response, "GetSettlements", "Limit", "lte");
        var ticker = request.Query["ticker"].ToString();
        var eventTicker = request.Query["event_ticker"].ToString();
        var (minTs, maxTs) = TimeRange(request);

        var account = TradeApiMiddleware.AccountOf(context)!;
        SettlementsResponse body;
        lock (exchange.Gate)
        {
            var rows = Enumerable.Reverse(account.Settlements)
                .Where(s => ticker.Length == 0 || s.Ticker == ticker)
                .Where(s => eventTicker.Length == 0 || s.EventTicker == eventTicker)
                .Where(s => WireTime.UnixSeconds(s.SettledTime) >= minTs && WireTime.UnixSeconds(s.SettledTime) <= maxTs)
                .ToList();
            var (page, cursor) = Paging.Page(rows, request.Query["cursor"], limit);
            body = new SettlementsResponse(cursor, [.. page.Select(PortfolioMapper.ToRow)]);
        }
        return ErrorBodies.Write(context.Response, 200, body);
    }

    private static (long Min, long Max) TimeRange(HttpRequest request)
    {
        var min = long.TryParse(request.Query["min_ts"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? a : long.MinValue;
        var max = long.TryParse(request.Query["max_ts"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ? b : long.MaxValue;
        return (min, max);
    }
}
