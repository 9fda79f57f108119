using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.Integration.ClientSimulator.Support;
using KalshiPortfolio.Tests.Simulator;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator;

/// <summary>
/// Every fault control of the simulator (<c>/_sim/faults</c>), met by the real client: its retries, typed failures,
/// timeouts and circuit breaker over REST, and its WebSocket auth and parser over a real socket. Each test builds its
/// own client (own breaker) with the breaker out of the way unless the test is about the breaker.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FaultControlTests(SimulatorFixture fixture) : IAsyncLifetime, IClassFixture<SimulatorFixture>
{
    private const int RetryBudget = 3;

    public Task InitializeAsync() => fixture.Sim.ClearFaultsAsync();

    public Task DisposeAsync() => fixture.Sim.ClearFaultsAsync();

    [Fact]
    public async Task Rest_failures_503_within_the_retry_budget_are_absorbed_by_the_retries()
    {
        var host = NewClient();
        await fixture.Sim.PostFaultsAsync(new { rest_failures = new { status = 503, count = RetryBudget } });

        var balance = await host.Authenticated(fixture.Demo).GetBalanceAsync();

        balance.Cash.Should().Be(fixture.Sim.Host.Exchange.GetCashDollars(fixture.Demo.KeyId));
        host.Observer.Retries.Select(r => (r.StatusCode, r.Path)).Should().Equal(Enumerable.Repeat<(int?, string)>((503, "/trade-api/v2/portfolio/balance"), RetryBudget));
        (await fixture.Sim.GetFaultsAsync()).GetProperty("rest_failures").ValueKind.Should().Be(JsonValueKind.Null, "every forced failure was consumed");
    }

    [Fact]
    public async Task Rest_failures_503_beyond_the_retry_budget_surface_as_unavailable()
    {
        var host = NewClient();
        await fixture.Sim.PostFaultsAsync(new { rest_failures = new { status = 503, count = RetryBudget + 1 } });

        var error = (await FluentActions.Awaiting(() => host.Authenticated(fixture.Demo).GetBalanceAsync()).Should().ThrowAsync<KalshiUnavailableException>()).Which;

        error.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        error.IsCircuitOpen.Should().BeFalse();
        error.Error!.Code.Should().Be("service_unavailable");
        host.Observer.Retries.Should().HaveCount(RetryBudget);
        (await host.Authenticated(fixture.Demo).GetBalanceAsync()).Cash.Should().BePositive("the failures are used up");
    }

    [Fact]
    public async Task Rest_failures_500_beyond_the_retry_budget_surface_as_a_server_error()
    {
        var host = NewClient();
        await fixture.Sim.PostFaultsAsync(new { rest_failures = new { status = 500, count = RetryBudget + 1 } });

        var error = (await FluentActions.Awaiting(() => host.Public().GetExchangeStatusAsync()).Should().ThrowAsync<KalshiServerException>()).Which;

        error.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        error.Kind.Should().Be(KalshiErrorKind.ServerError);
        error.Error!.Code.Should().Be("internal_server_error");
        host.Observer.Retries.Select(r => r.StatusCode).Should().Equal(500, 500, 500);
    }

    [Fact]
    public async Task Rest_failures_429_are_retried_with_backoff_and_beyond_the_budget_surface_as_rate_limited()
    {
        var host = NewClient();
        await fixture.Sim.PostFaultsAsync(new { rest_failures = new { status = 429, count = 2 } });
        (await host.Authenticated(fixture.Demo).GetPositionsAsync()).MarketPositions.Should().NotBeEmpty("two 429s are retried away");
        host.Observer.Retries.Select(r => r.StatusCode).Should().Equal(429, 429);

        await fixture.Sim.PostFaultsAsync(new { rest_failures = new { status = 429, count = RetryBudget + 1 } });
        var error = (await FluentActions.Awaiting(() => host.Authenticated(fixture.Demo).GetPositionsAsync()).Should().ThrowAsync<KalshiRateLimitedException>()).Which;

        error.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        error.Error.Should().Be(new KalshiError(null, "too many requests"), "Kalshi's 429 body is a plain string");
        host.Observer.Retries.Should().HaveCount(2 + RetryBudget).And.OnlyContain(r => r.StatusCode == 429 && r.Delay >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Persistent_failures_open_the_circuit_breaker_which_then_stops_calling_the_simulator()
    {
        var host = fixture.NewClient(o => o.RetryCount = 0); // the default breaker: 5 calls, half of them failed
        await fixture.Sim.PostFaultsAsync(new { rest_failures = new { status = 502, count = 100 } });
        var client = host.Public();

        for (var i = 0; i < 5; i++)
        {
            await FluentActions.Awaiting(() => client.GetExchangeStatusAsync()).Should().ThrowAsync<KalshiServerException>();
        }
        var rejected = (await FluentActions.Awaiting(() => client.GetExchangeStatusAsync()).Should().ThrowAsync<KalshiUnavailableException>()).Which;

        rejected.IsCircuitOpen.Should().BeTrue();
        host.Observer.Opened.Should().ContainSingle().Which.Authority.Should().Be(fixture.Sim.Host.BaseUri.Authority);
        (await fixture.Sim.GetFaultsAsync()).GetProperty("rest_failures").GetProperty("remaining").GetInt32().Should().Be(95, "the open breaker sent nothing");

        await fixture.Sim.ClearFaultsAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(15)); // the break duration, on the clock the pipeline was given
        (await client.GetExchangeStatusAsync()).ExchangeActive.Should().BeTrue("the breaker lets a trial call through and closes");
    }

    [Fact]
    public async Task Latency_beyond_the_attempt_timeout_surfaces_as_a_timeout()
    {
        var host = NewClient(o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            o.TotalTimeout = TimeSpan.FromSeconds(2);
            o.RetryCount = 1;
        });
        // 60 s on the simulator's fake clock, which does not move: every attempt would wait forever.
        await fixture.Sim.PostFaultsAsync(new { latency_ms = 60_000 });

        var error = (await FluentActions.Awaiting(() => host.Authenticated(fixture.Demo).GetBalanceAsync()).Should().ThrowAsync<KalshiTimeoutException>()).Which;

        error.Kind.Should().Be(KalshiErrorKind.Timeout);
        error.StatusCode.Should().BeNull("no response arrived");
        host.Observer.Retries.Should().ContainSingle("the timed-out attempt is retried once, then the call gives up");
        (await fixture.Sim.GetFaultsAsync()).GetProperty("latency_ms").GetInt32().Should().Be(60_000);
    }

    [Fact]
    public async Task Maintenance_shows_in_the_exchange_status_and_portfolio_calls_fail_as_unavailable()
    {
        var host = NewClient();
        var ticker = fixture.TakeEvent()[0];
        await fixture.Sim.PostFaultsAsync(new { exchange_active = false, trading_active = false });

        var status = await host.Public().GetExchangeStatusAsync();
        var error = (await FluentActions.Awaiting(() => host.Authenticated(fixture.Demo).GetPositionsAsync()).Should().ThrowAsync<KalshiUnavailableException>()).Which;
        var market = await host.Public().GetMarketAsync(ticker);

        (status.ExchangeActive, status.TradingActive).Should().Be((false, false));
        error.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        error.Error!.Code.Should().Be("exchange_unavailable");
        error.Message.Should().Contain("maintenance");
        host.Observer.Retries.Should().HaveCount(RetryBudget, "a 503 is retried before it is reported");
        market.Ticker.Should().Be(ticker, "market data stays readable during maintenance");

        await fixture.Sim.ClearFaultsAsync();
        (await host.Public().GetExchangeStatusAsync()).Should().Be(new Core.Kalshi.Models.KalshiExchangeStatus(true, true));
        (await host.Authenticated(fixture.Demo).GetBalanceAsync()).Cash.Should().BePositive();
    }

    [Fact]
    public async Task A_trading_pause_shows_in_the_exchange_status_and_keeps_the_portfolio_readable()
    {
        var host = NewClient();
        await fixture.Sim.PostFaultsAsync(new { trading_active = false });

        (await host.Public().GetExchangeStatusAsync()).Should().Be(new Core.Kalshi.Models.KalshiExchangeStatus(true, false));
        (await host.Authenticated(fixture.Demo).GetBalanceAsync()).Cash.Should().BePositive();
    }

    [Fact]
    public async Task Drop_websockets_ends_an_open_client_socket_without_a_close_frame()
    {
        await using var session = await ConnectAsync();
        await PingTests.WaitUntilAsync(() => fixture.Sim.Host.WebSocketConnections == 1);

        await fixture.Sim.PostFaultsAsync(new { drop_websockets = true });

        await session.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        session.CloseStatus.Should().BeNull("the socket was dropped, not closed");
        session.Socket.State.Should().NotBe(WebSocketState.Open);
        await using var again = await ConnectAsync();
        again.Socket.State.Should().Be(WebSocketState.Open, "a new connection is accepted at once");
    }

    [Fact]
    public async Task Refuse_websockets_refuses_new_upgrades_with_503_until_the_time_is_up()
    {
        var uri = fixture.Client.Endpoints.WebSocketUri;
        await fixture.Sim.PostFaultsAsync(new { refuse_websockets_seconds = 30 });

        (await HandshakeAsync(uri)).Should().Be(503);
        await FluentActions.Awaiting(ConnectAsync).Should().ThrowAsync<WebSocketException>();
        fixture.Time.Advance(TimeSpan.FromSeconds(29));
        (await HandshakeAsync(uri)).Should().Be(503);

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        (await HandshakeAsync(uri)).Should().Be(101);
    }

    [Fact]
    public async Task Malformed_frames_parse_as_malformed_without_throwing_and_later_frames_parse_normally()
    {
        var ticker = fixture.TakeEvent()[0];
        await using var session = await ConnectAsync();
        await session.SubscribeAsync([KalshiWsChannels.Ticker], [ticker]);

        await fixture.Sim.PostFaultsAsync(new { malformed_frames = 2 });
        await fixture.Sim.SetQuoteAsync(ticker, 0.40m, 0.50m);
        await fixture.Sim.SetQuoteAsync(ticker, 0.41m, 0.50m);
        await fixture.Sim.SetQuoteAsync(ticker, 0.42m, 0.50m);

        (await session.NextAsync<KalshiWsMalformed>()).Reason.Should().Contain("not valid JSON");
        (await session.NextAsync<KalshiWsMalformed>()).FrameType.Should().BeNull();
        var good = await session.NextAsync<KalshiWsTicker>();
        (good.MarketTicker, good.YesBid).Should().Be((ticker, 0.42m));
    }

    [Fact]
    public async Task Silence_sends_nothing_during_the_window_and_delivery_resumes_after_it()
    {
        var ticker = fixture.TakeEvent()[0];
        await using var session = await ConnectAsync();
        var sid = (await session.SubscribeAsync([KalshiWsChannels.Ticker], [ticker]))[0].Sid;
        var pings = fixture.Sim.Host.WebSocketPingsSent;

        await fixture.Sim.PostFaultsAsync(new { silence_seconds = 30 });
        await fixture.Sim.SetQuoteAsync(ticker, 0.30m, 0.50m); // produced while silenced (the POST returns after it): dropped
        await fixture.Sim.SetQuoteAsync(ticker, 0.29m, 0.50m); // dropped
        fixture.Time.Advance(TimeSpan.FromSeconds(20));       // two heartbeat times: no ping either
        fixture.Sim.Host.WebSocketPingsSent.Should().Be(pings);

        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        await fixture.Sim.SetQuoteAsync(ticker, 0.31m, 0.50m);

        var next = await session.NextAsync<KalshiWsTicker>();
        (next.Sid, next.YesBid).Should().Be((sid, 0.31m), "nothing produced during the silence arrives afterwards");
        session.Socket.State.Should().Be(WebSocketState.Open, "the socket stayed open throughout");
    }

    [Fact]
    public async Task Get_faults_lists_what_is_active_and_delete_clears_it_so_the_client_works_again()
    {
        var host = NewClient(o => o.RetryCount = 0);
        await fixture.Sim.PostFaultsAsync(new
        {
            rest_failures = new { status = 503, count = 10 },
            latency_ms = 25,
            malformed_frames = 3,
            refuse_websockets_seconds = 60,
            silence_seconds = 5,
            trading_active = false,
        });

        var active = await fixture.Sim.GetFaultsAsync();
        var now = fixture.Time.GetUtcNow();
        active.GetProperty("rest_failures").GetProperty("status").GetInt32().Should().Be(503);
        active.GetProperty("rest_failures").GetProperty("remaining").GetInt32().Should().Be(10);
        active.GetProperty("latency_ms").GetInt32().Should().Be(25);
        active.GetProperty("malformed_frames").GetInt32().Should().Be(3);
        DateTimeOffset.Parse(active.GetProperty("refuse_websockets_until").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(now.AddSeconds(60));
        DateTimeOffset.Parse(active.GetProperty("silence_until").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(now.AddSeconds(5));
        (active.GetProperty("exchange_active").GetBoolean(), active.GetProperty("trading_active").GetBoolean()).Should().Be((true, false));

        var cleared = await fixture.Sim.ClearFaultsAsync();

        cleared.GetProperty("rest_failures").ValueKind.Should().Be(JsonValueKind.Null);
        cleared.GetProperty("latency_ms").GetInt32().Should().Be(0);
        cleared.GetProperty("malformed_frames").GetInt32().Should().Be(0);
        cleared.GetProperty("refuse_websockets_until").ValueKind.Should().Be(JsonValueKind.Null);
        cleared.GetProperty("silence_until").ValueKind.Should().Be(JsonValueKind.Null);
        cleared.GetProperty("trading_active").GetBoolean().Should().BeTrue();
        (await host.Authenticated(fixture.Demo).GetBalanceAsync()).Cash.Should().BePositive("with retries off, one pending failure would have failed the call");
        (await host.Public().GetExchangeStatusAsync()).TradingActive.Should().BeTrue();
        (await HandshakeAsync(fixture.Client.Endpoints.WebSocketUri)).Should().Be(101);
    }

    /// <summary>A client of its own whose breaker never opens here (5 failures out of 5 would open the default one).</summary>
    private KalshiClientHost NewClient(Action<KalshiClientOptions>? configure = null) => fixture.NewClient(o =>
    {
        o.CircuitBreakerMinimumThroughput = 1_000;
        configure?.Invoke(o);
    });

    private Task<ClientWebSocketSession> ConnectAsync() =>
        ClientWebSocketSession.ConnectAsync(fixture.Client.Endpoints.WebSocketUri, fixture.Demo, fixture.Client.Clock);

    private Task<int> HandshakeAsync(Uri uri) =>
        WsTestClient.HandshakeStatusAsync(uri, null, o => KalshiWebSocketAuth.Apply(o, fixture.Demo, uri, fixture.Client.Clock));
}
