using System.Buffers;
using System.Text.Json;
using KalshiPortfolio.Simulator.Api;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.Control;

/// <summary>
/// The control API under <c>/_sim</c> (not Kalshi's; see docs/simulator.md): accounts, the demo account, fills,
/// pinned quotes, settlement and faults. Unauthenticated: the simulator is a local test tool.
/// </summary>
internal static class ControlEndpoints
{
    public const string Prefix = "/_sim";

    public static void Map(IEndpointRouteBuilder routes, SimulatorServices services)
    {
        var group = routes.MapGroup(Prefix);
        group.MapPost("/accounts", context => Guard(context, () => CreateAccount(context, services)));
        group.MapGet("/accounts/{key_id}", context => Guard(context, () => GetAccount(context, services)));
        group.MapGet("/demo-account", context =>
            ErrorBodies.Write(context.Response, 200, new CredentialsResponse(services.DemoCredentials.KeyId, services.DemoCredentials.PrivateKeyPem)));
        group.MapPost("/accounts/{key_id}/fills", context => Guard(context, () => Fill(context, services)));
        group.MapPost("/markets/{ticker}/quote", context => Guard(context, () => SetQuote(context, services)));
        group.MapDelete("/markets/{ticker}/quote", context => Guard(context, () =>
        {
            services.Exchange.ClearQuote(Route(context, "ticker"));
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));
        group.MapPost("/markets/{ticker}/settle", context => Guard(context, () => Settle(context, services)));
        group.MapGet("/faults", context => WriteFaults(context, services));
        group.MapPost("/faults", context => Guard(context, () => SetFaults(context, services)));
        group.MapDelete("/faults", context =>
        {
            services.Faults.Clear();
            services.Exchange.SetStatus(true, true);
            return WriteFaults(context, services);
        });
    }

    private static async Task CreateAccount(HttpContext context, SimulatorServices services)
    {
        var body = await ReadAsync<CreateAccountRequest>(context) ?? new CreateAccountRequest(null, null);
        var credentials = services.Exchange.CreateAccount(body.PublicKeyPem, body.BalanceDollars ?? 1000m);
        await ErrorBodies.Write(context.Response, 200, new CredentialsResponse(credentials.KeyId, credentials.PrivateKeyPem));
    }

    /// <summary>
    /// The exchange's own view of an account, untouched by faults (not under <c>/trade-api</c>): cash as
    /// <c>balance_dollars</c> and the unsettled market positions as REST would list them, with their counts of fills
    /// and settlements. What a soak or a test compares the client's figures with.
    /// </summary>
    private static async Task GetAccount(HttpContext context, SimulatorServices services)
    {
        var exchange = services.Exchange;
        var account = exchange.FindAccount(Route(context, "key_id")) ?? throw ExchangeException.NotFound("account");
        AccountResponse body;
        lock (exchange.Gate)
        {
            body = new AccountResponse(
                account.KeyId,
                FixedPoint.Dollars4(account.Cash),
                [.. account.PositionOrder.Where(p => !p.Settled).Select(PortfolioMapper.ToRow)],
                account.Fills.Count,
                account.Settlements.Count,
                exchange.ExchangeActive,
                exchange.TradingActive);
        }
        await ErrorBodies.Write(context.Response, 200, body);
    }

    private static async Task Fill(HttpContext context, SimulatorServices services)
    {
        var body = await ReadAsync<FillRequest>(context) ?? throw ExchangeException.BadRequest("a JSON body is required");
        if (body.Ticker is null) throw ExchangeException.BadRequest("ticker is required");
        if (!ContractSideNames.TryParseSide(body.Side, out var side)) throw ExchangeException.BadRequest("side must be yes or no");
        if (!ContractSideNames.TryParseAction(body.Action, out var action)) throw ExchangeException.BadRequest("action must be buy or sell");
        if (body.Count is not { } count) throw ExchangeException.BadRequest("count is required");
        if (body.PriceDollars is not { } price) throw ExchangeException.BadRequest("price_dollars is required");

        var exchange = services.Exchange;
        var account = exchange.FindAccount(Route(context, "key_id")) ?? throw ExchangeException.NotFound("account");
        var buffer = new ArrayBufferWriter<byte>();
        lock (exchange.Gate)
        {
            var fill = exchange.ExecuteFill(account, body.Ticker, side, action, count, price);
            using var writer = new Utf8JsonWriter(buffer, SimJson.WriterOptions);
            writer.WriteStartObject();
            writer.WritePropertyName("fill");
            JsonSerializer.Serialize(writer, PortfolioMapper.ToRow(fill), SimJson.Options);
            writer.WritePropertyName("market_position");
            JsonSerializer.Serialize(writer, PortfolioMapper.ToRow(account.Positions[fill.Ticker]), SimJson.Options);
            writer.WriteString("balance_dollars", FixedPoint.Dollars4(account.Cash));
            writer.WriteEndObject();
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory);
    }

    private static async Task SetQuote(HttpContext context, SimulatorServices services)
    {
        var body = await ReadAsync<QuoteRequest>(context) ?? throw ExchangeException.BadRequest("a JSON body is required");
        var ticker = Route(context, "ticker");
        services.Exchange.SetQuote(ticker, body.YesBidDollars, body.YesAskDollars, body.YesBidSizeFp, body.YesAskSizeFp);
        var market = services.Exchange.FindMarket(ticker)!;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, SimJson.WriterOptions))
        {
            lock (services.Exchange.Gate)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("market");
                MarketJsonWriter.Write(writer, market);
                writer.WriteEndObject();
            }
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory);
    }

    private static async Task Settle(HttpContext context, SimulatorServices services)
    {
        var body = await ReadAsync<SettleRequest>(context);
        if (!ContractSideNames.TryParseSide(body?.Result, out var result)) throw ExchangeException.BadRequest("result must be yes or no");
        var ticker = Route(context, "ticker");
        var rows = services.Exchange.Settle(ticker, result);
        await ErrorBodies.Write(context.Response, 200, new SettleResponse(ticker, result.ToWire(), rows));
    }

    private static async Task SetFaults(HttpContext context, SimulatorServices services)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw ExchangeException.BadRequest("a JSON object is required");
        var faults = services.Faults;
        var exchange = services.Exchange;
        bool? exchangeActive = null, tradingActive = null;
        DateTimeOffset? resumeAt = null;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "drop_websockets":
                    if (value.ValueKind == JsonValueKind.True) services.Hub.DropAll();
                    break;
                case "refuse_websockets_seconds":
                    faults.RefuseWebSockets(TimeSpan.FromSeconds(NonNegative(value, property.Name)));
                    break;
                case "rest_failures":
                    var status = value.TryGetProperty("status", out var s) && s.TryGetInt32(out var st) ? st : 503;
                    var count = value.TryGetProperty("count", out var c) ? (int)NonNegative(c, "rest_failures.count") : 1;
                    if (!Faults.FaultState.RestFailureStatuses.Contains(status)) throw ExchangeException.BadRequest("rest_failures.status must be one of 429, 500, 502, 503, 504");
                    faults.FailRestRequests(status, count);
                    break;
                case "latency_ms":
                    faults.SetLatency((int)NonNegative(value, property.Name));
                    break;
                case "malformed_frames":
                    faults.SendMalformedFrames((int)NonNegative(value, property.Name));
                    break;
                case "silence_seconds":
                    faults.Silence(TimeSpan.FromSeconds(NonNegative(value, property.Name)));
                    break;
                case "exchange_active":
                    exchangeActive = Bool(value, property.Name);
                    break;
                case "trading_active":
                    tradingActive = Bool(value, property.Name);
                    break;
                case "exchange_estimated_resume_time":
                    resumeAt = value.ValueKind == JsonValueKind.Null ? null
                        : value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var r) ? r.ToUniversalTime()
                        : throw ExchangeException.BadRequest("exchange_estimated_resume_time must be an RFC 3339 time or null");
                    break;
                default:
                    throw ExchangeException.BadRequest($"unknown fault '{property.Name}'");
            }
        }
        if (exchangeActive is not null || tradingActive is not null)
        {
            var newExchange = exchangeActive ?? exchange.ExchangeActive;
            exchange.SetStatus(newExchange, tradingActive ?? (exchangeActive is null ? exchange.TradingActive : newExchange), resumeAt);
        }
        await WriteFaults(context, services);
    }

    private static Task WriteFaults(HttpContext context, SimulatorServices services)
    {
        var snapshot = services.Faults.Snapshot();
        return ErrorBodies.Write(context.Response, 200, new FaultsResponse(
            snapshot.RestFailures is { } r ? new RestFailuresView(r.Status, r.Remaining) : null,
            snapshot.LatencyMs,
            snapshot.MalformedFrames,
            snapshot.RefuseWebSocketsUntil is { } until ? WireTime.Rfc3339(until) : null,
            snapshot.SilenceUntil is { } silence ? WireTime.Rfc3339(silence) : null,
            services.Exchange.ExchangeActive,
            services.Exchange.TradingActive,
            services.Hub.ConnectionCount));
    }

    private static double NonNegative(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() is var d && d >= 0 ? d : throw ExchangeException.BadRequest(name + " must be a non-negative number");

    private static bool Bool(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw ExchangeException.BadRequest(name + " must be true or false"),
    };

    private static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static async Task<T?> ReadAsync<T>(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length == 0 || body.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(body.ToArray(), SimJson.Options);
        }
        catch (JsonException e)
        {
            throw ExchangeException.BadRequest("invalid JSON: " + e.Message);
        }
    }

    /// <summary>Turns refusals into the nested error shape.</summary>
    private static async Task Guard(HttpContext context, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ExchangeException e)
        {
            await ErrorBodies.WriteNested(context.Response, e.StatusCode, e.Code, e.Message);
        }
        catch (JsonException e)
        {
            await ErrorBodies.WriteNested(context.Response, 400, "bad_request", "invalid JSON: " + e.Message);
        }
    }
}
