using System.Net;
using System.Text.Json;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>Every fault of <c>POST /_sim/faults</c>, plus listing and clearing them.</summary>
[Trait("Category", "Integration")]
public sealed class FaultTests : IAsyncLifetime
{
    private const string Ticker = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";
    private SimulatorTestHost _sim = null!;
    private KalshiSigner _signer = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorTestHost.StartAsync();
        _signer = await _sim.CreateAccountAsync();
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Drop_websockets_closes_every_connected_socket()
    {
        var first = await _sim.ConnectAsync(_signer);
        var second = await _sim.ConnectAsync(_signer);
        await PingTests.WaitUntilAsync(() => _sim.Host.WebSocketConnections == 2);

        await PostFaultsAsync(new { drop_websockets = true });

        await first.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await second.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await PingTests.WaitUntilAsync(() => _sim.Host.WebSocketConnections == 0);
        (await WsTestClient.HandshakeStatusAsync(_sim.Host.WebSocketUri, _signer)).Should().Be(101, "new connections are welcome again");
    }

    [Fact]
    public async Task Refuse_websockets_answers_503_for_the_given_seconds()
    {
        await PostFaultsAsync(new { refuse_websockets_seconds = 30 });

        (await WsTestClient.HandshakeStatusAsync(_sim.Host.WebSocketUri, _signer)).Should().Be(503);
        _sim.Time!.Advance(TimeSpan.FromSeconds(29));
        (await WsTestClient.HandshakeStatusAsync(_sim.Host.WebSocketUri, _signer)).Should().Be(503);
        _sim.Time.Advance(TimeSpan.FromSeconds(1));
        (await WsTestClient.HandshakeStatusAsync(_sim.Host.WebSocketUri, _signer)).Should().Be(101);
    }

    [Theory]
    [InlineData(503, """{"error":{"code":"service_unavailable","message":"service unavailable"}}""")]
    [InlineData(500, """{"error":{"code":"internal_server_error","message":"internal server error"}}""")]
    [InlineData(429, """{"error":"too many requests"}""")]
    public async Task Rest_failures_fail_the_next_n_requests_then_recover(int status, string body)
    {
        await PostFaultsAsync(new { rest_failures = new { status, count = 2 } });
        using var client = _sim.SignedClient(_signer);

        for (var i = 0; i < 2; i++)
        {
            var failed = await client.GetAsync("/trade-api/v2/portfolio/balance");
            ((int)failed.StatusCode).Should().Be(status);
            (await failed.Content.ReadAsStringAsync()).Should().Be(body);
        }
        (await client.GetAsync("/trade-api/v2/portfolio/balance")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Latency_holds_each_rest_request_for_the_given_time()
    {
        await PostFaultsAsync(new { latency_ms = 2000 });

        var request = _sim.Http.GetAsync("/trade-api/v2/exchange/status");
        var advanced = TimeSpan.Zero;
        while (await Task.WhenAny(request, Task.Delay(20)) != request)
        {
            advanced.Should().BeLessThan(TimeSpan.FromSeconds(10), "the request must complete once the latency has passed");
            _sim.Time!.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
        }

        (await request).StatusCode.Should().Be(HttpStatusCode.OK);
        advanced.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(2000), "the answer waited for the simulated latency");
        (await PostFaultsAsync(new { latency_ms = 0 })).GetProperty("latency_ms").GetInt32().Should().Be(0);
        (await _sim.Http.GetAsync("/trade-api/v2/exchange/status")).StatusCode.Should().Be(HttpStatusCode.OK, "no latency: answered without the clock moving");
    }

    [Fact]
    public async Task Malformed_frames_replaces_the_next_n_messages_with_garbage()
    {
        var socket = await _sim.ConnectAsync(_signer);
        await socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "ticker" }, market_tickers = new[] { Ticker } } });
        await socket.WaitForTypeAsync("subscribed");

        await PostFaultsAsync(new { malformed_frames = 2 });
        for (var i = 0; i < 3; i++) await SetQuoteAsync($"0.4{i}", "0.50");

        for (var i = 0; i < 2; i++)
        {
            var garbage = await socket.NextRawAsync();
            var parse = () => JsonDocument.Parse(garbage);
            parse.Should().Throw<JsonException>("frame {0} is malformed: {1}", i, garbage);
        }
        var good = await socket.NextAsync();
        good.GetProperty("msg").GetProperty("yes_bid_dollars").GetString().Should().Be("0.4200");
    }

    [Fact]
    public async Task Maintenance_flips_exchange_status_and_refuses_portfolio_calls()
    {
        using var client = _sim.SignedClient(_signer);
        await PostFaultsAsync(new { exchange_active = false, trading_active = false });

        var status = await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/exchange/status");
        status.GetProperty("exchange_active").GetBoolean().Should().BeFalse();
        status.GetProperty("trading_active").GetBoolean().Should().BeFalse();
        var balance = await client.GetAsync("/trade-api/v2/portfolio/balance");
        balance.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await balance.Content.ReadAsStringAsync()).Should().Contain("exchange_unavailable");
        var fill = await _sim.Http.PostAsync($"/_sim/accounts/{_signer.KeyId}/fills", Json(new { ticker = Ticker, side = "yes", action = "buy", count = 1, price_dollars = "0.52" }));
        fill.StatusCode.Should().Be(HttpStatusCode.Conflict, "no trading during maintenance");
        (await _sim.Http.GetAsync("/trade-api/v2/markets?limit=1")).StatusCode.Should().Be(HttpStatusCode.OK, "market data stays readable");

        await _sim.Http.DeleteAsync("/_sim/faults");
        (await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/exchange/status")).GetProperty("exchange_active").GetBoolean().Should().BeTrue();
        (await client.GetAsync("/trade-api/v2/portfolio/balance")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_trading_pause_keeps_the_portfolio_readable()
    {
        using var client = _sim.SignedClient(_signer);
        var faults = await PostFaultsAsync(new { trading_active = false });

        faults.GetProperty("exchange_active").GetBoolean().Should().BeTrue();
        faults.GetProperty("trading_active").GetBoolean().Should().BeFalse();
        (await client.GetAsync("/trade-api/v2/portfolio/positions")).StatusCode.Should().Be(HttpStatusCode.OK);
        var fill = await _sim.Http.PostAsync($"/_sim/accounts/{_signer.KeyId}/fills", Json(new { ticker = Ticker, side = "yes", action = "buy", count = 1, price_dollars = "0.52" }));
        fill.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await fill.Content.ReadAsStringAsync()).Should().Contain("trading_is_paused");
    }

    [Fact]
    public async Task Silence_keeps_sockets_open_but_sends_nothing_for_n_seconds()
    {
        var socket = await _sim.ConnectAsync(_signer);
        await socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "ticker" }, market_tickers = new[] { Ticker } } });
        await socket.WaitForTypeAsync("subscribed");

        await PostFaultsAsync(new { silence_seconds = 30 });
        await SetQuoteAsync("0.30", "0.50");          // dropped
        _sim.Time!.Advance(TimeSpan.FromSeconds(20)); // two ping times: no pings
        _sim.Host.WebSocketPingsSent.Should().Be(0);
        _sim.Time.Advance(TimeSpan.FromSeconds(10));
        await SetQuoteAsync("0.31", "0.50");

        var next = await socket.NextAsync();
        next.GetProperty("msg").GetProperty("yes_bid_dollars").GetString().Should().Be("0.3100", "nothing sent during the silence arrives later");
        socket.Socket.State.Should().Be(System.Net.WebSockets.WebSocketState.Open);
        _sim.Host.WebSocketConnections.Should().Be(1);
    }

    [Fact]
    public async Task Get_lists_the_active_faults_and_delete_clears_them()
    {
        await PostFaultsAsync(new
        {
            rest_failures = new { status = 500, count = 3 },
            latency_ms = 15,
            malformed_frames = 4,
            refuse_websockets_seconds = 60,
            silence_seconds = 5,
            exchange_active = false,
        });

        var active = await _sim.GetJsonAsync(_sim.Http, "/_sim/faults");
        active.GetProperty("rest_failures").GetProperty("status").GetInt32().Should().Be(500);
        active.GetProperty("rest_failures").GetProperty("remaining").GetInt32().Should().Be(3);
        active.GetProperty("latency_ms").GetInt32().Should().Be(15);
        active.GetProperty("malformed_frames").GetInt32().Should().Be(4);
        active.GetProperty("refuse_websockets_until").GetString().Should().Be("2026-11-24T12:01:00Z");
        active.GetProperty("silence_until").GetString().Should().Be("2026-11-24T12:00:05Z");
        active.GetProperty("exchange_active").GetBoolean().Should().BeFalse();
        active.GetProperty("trading_active").GetBoolean().Should().BeFalse();

        var cleared = await (await _sim.Http.DeleteAsync("/_sim/faults")).Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(cleared);
        var root = document.RootElement;
        root.GetProperty("rest_failures").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("latency_ms").GetInt32().Should().Be(0);
        root.GetProperty("malformed_frames").GetInt32().Should().Be(0);
        root.GetProperty("refuse_websockets_until").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("silence_until").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("exchange_active").GetBoolean().Should().BeTrue();
        root.GetProperty("trading_active").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_fault_is_a_bad_request()
    {
        var response = await _sim.Http.PostAsync("/_sim/faults", Json(new { set_on_fire = true }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("set_on_fire");
    }

    private async Task<JsonElement> PostFaultsAsync(object body)
    {
        var response = await _sim.Http.PostAsync("/_sim/faults", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private async Task SetQuoteAsync(string bid, string ask) =>
        (await _sim.Http.PostAsync($"/_sim/markets/{Ticker}/quote", Json(new { yes_bid_dollars = bid, yes_ask_dollars = ask }))).EnsureSuccessStatusCode();

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
