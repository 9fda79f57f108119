using System.Net;
using System.Net.Sockets;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiResilienceTests
{
    private static readonly string Balance = KalshiTestHarness.PathOf("/portfolio/balance");
    private const string TooManyRequests = "{\"error\":\"too many requests\"}";

    [Fact]
    public async Task A_read_succeeds_after_two_503s()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.On(Balance, Respond.Status(HttpStatusCode.ServiceUnavailable), Respond.Status(HttpStatusCode.ServiceUnavailable), Respond.Capture("auth__balance_ok"));

        var balance = await harness.Authenticated().GetBalanceAsync();

        balance.Cash.Should().Be(98.0186m);
        harness.Handler.Requests.Should().HaveCount(3);
        harness.Observer.Retries.Select(r => (r.RetryNumber, r.StatusCode, r.Path, r.Authority))
            .Should().Equal((1, 503, Balance, "kalshi.test"), (2, 503, Balance, "kalshi.test"));
    }

    [Fact]
    public async Task A_persistent_429_backs_off_exponentially_then_fails_as_rate_limited()
    {
        var baseDelay = TimeSpan.FromMilliseconds(10);
        using var harness = new KalshiTestHarness(o => o.RetryBaseDelay = baseDelay, clock: TimeProvider.System);
        harness.Handler.On(Balance, Respond.Json(HttpStatusCode.TooManyRequests, TooManyRequests));

        var act = () => harness.Authenticated().GetBalanceAsync();

        var error = (await act.Should().ThrowAsync<KalshiRateLimitedException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        error.Kind.Should().Be(KalshiErrorKind.RateLimited);
        error.Error.Should().Be(new KalshiError(null, "too many requests"));
        harness.Handler.Requests.Should().HaveCount(4, "the first attempt and 3 retries");

        var retries = harness.Observer.Retries.ToList();
        retries.Select(r => r.StatusCode).Should().Equal(429, 429, 429);
        retries.Should().OnlyContain(r => r.Delay >= TimeSpan.Zero && r.Delay <= TimeSpan.FromSeconds(10));
        // Exponential backoff with decorrelated jitter: the three delays add up to at least ~2.8 × the base delay.
        retries.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Delay).Should().BeGreaterThanOrEqualTo(baseDelay * 2.5);
    }

    [Fact]
    public async Task Rate_limiting_does_not_open_the_circuit()
    {
        using var harness = new KalshiTestHarness();
        var limited = Respond.Json(HttpStatusCode.TooManyRequests, TooManyRequests);
        harness.Handler.On(Balance, limited, limited, limited, limited, limited, limited, limited, limited, Respond.Capture("auth__balance_ok"));
        var client = harness.Authenticated();

        await FluentActions.Awaiting(() => client.GetBalanceAsync()).Should().ThrowAsync<KalshiRateLimitedException>();
        await FluentActions.Awaiting(() => client.GetBalanceAsync()).Should().ThrowAsync<KalshiRateLimitedException>();
        var balance = await client.GetBalanceAsync();

        balance.Cash.Should().Be(98.0186m, "8 rate-limited attempts (more than the breaker's minimum throughput of 5) must not open it");
        harness.Observer.Opened.Should().BeEmpty();
    }

    [Fact]
    public async Task Forbidden_is_an_authentication_failure_and_is_not_retried()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.On(Balance, Respond.Json(HttpStatusCode.Forbidden, "{\"error\":{\"code\":\"forbidden\",\"message\":\"insufficient scope\"}}"));

        var act = () => harness.Authenticated().GetBalanceAsync();

        var error = (await act.Should().ThrowAsync<KalshiAuthenticationException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        error.Message.Should().Contain("permission");
        harness.Handler.Requests.Should().HaveCount(1);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Server_errors_past_the_retry_budget_become_server_failures(HttpStatusCode status)
    {
        using var harness = new KalshiTestHarness(o => o.CircuitBreakerMinimumThroughput = 100);
        harness.Handler.On(Balance, Respond.Status(status));

        var act = () => harness.Authenticated().GetBalanceAsync();

        var error = (await act.Should().ThrowAsync<KalshiServerException>()).Which;
        error.StatusCode.Should().Be(status);
        error.Kind.Should().Be(KalshiErrorKind.ServerError);
        error.Error.Should().BeNull();
        harness.Handler.Requests.Should().HaveCount(4);
    }

    [Fact]
    public async Task A_persistent_503_becomes_unavailable_with_kalshis_error_kept()
    {
        using var harness = new KalshiTestHarness(o => o.CircuitBreakerMinimumThroughput = 100);
        harness.Handler.On(KalshiTestHarness.PathOf("/exchange/status"),
            Respond.Json(HttpStatusCode.ServiceUnavailable, "{\"code\":\"exchange_unavailable\",\"message\":\"exchange is closed for maintenance\"}"));

        var act = () => harness.Public().GetExchangeStatusAsync();

        var error = (await act.Should().ThrowAsync<KalshiUnavailableException>()).Which;
        error.IsCircuitOpen.Should().BeFalse();
        error.Kind.Should().Be(KalshiErrorKind.Unavailable);
        error.Error!.Code.Should().Be("exchange_unavailable");
        error.Message.Should().Contain("maintenance");
        harness.Handler.Requests.Should().HaveCount(4);
    }

    [Fact]
    public async Task The_circuit_opens_at_low_traffic_then_fails_fast_without_calling_kalshi_and_recovers()
    {
        using var harness = new KalshiTestHarness(o => o.RetryCount = 0);
        var failing = Respond.Status(HttpStatusCode.InternalServerError);
        harness.Handler.On(Balance, failing, failing, failing, failing, failing, Respond.Capture("auth__balance_ok"));
        var client = harness.Authenticated();

        for (var i = 0; i < 5; i++)
        {
            await FluentActions.Awaiting(() => client.GetBalanceAsync()).Should().ThrowAsync<KalshiServerException>();
        }

        var rejected = (await FluentActions.Awaiting(() => client.GetBalanceAsync()).Should().ThrowAsync<KalshiUnavailableException>()).Which;

        rejected.IsCircuitOpen.Should().BeTrue();
        rejected.Kind.Should().Be(KalshiErrorKind.CircuitOpen);
        rejected.StatusCode.Should().BeNull();
        rejected.Message.Should().Contain("circuit breaker open");
        harness.Handler.Requests.Should().HaveCount(5, "the open breaker rejects the call before it reaches Kalshi");
        harness.Observer.Opened.Should().ContainSingle().Which.Should().Be(new KalshiCircuitEvent("kalshi.test", TimeSpan.FromSeconds(15)));

        harness.FakeClock!.Advance(TimeSpan.FromSeconds(15));
        var balance = await client.GetBalanceAsync();

        balance.Cash.Should().Be(98.0186m, "after the break duration a trial call goes through");
        harness.Handler.Requests.Should().HaveCount(6);
        harness.Observer.Closed.Should().ContainSingle().Which.Authority.Should().Be("kalshi.test");
    }

    [Fact]
    public async Task Each_host_has_its_own_circuit()
    {
        using var harness = new KalshiTestHarness(o => o.RetryCount = 0);
        harness.Handler
            .On(r => r.RequestUri!.Host == "kalshi.test", Respond.Status(HttpStatusCode.InternalServerError))
            .On(r => r.RequestUri!.Host == "other.test", Respond.Capture("exchange__status"));
        var broken = harness.Public();
        for (var i = 0; i < 5; i++)
        {
            await FluentActions.Awaiting(() => broken.GetExchangeStatusAsync()).Should().ThrowAsync<KalshiServerException>();
        }

        await FluentActions.Awaiting(() => broken.GetExchangeStatusAsync()).Should().ThrowAsync<KalshiUnavailableException>();
        var status = await harness.Public(KalshiEndpoints.ForBaseUrl("http://other.test")).GetExchangeStatusAsync();

        status.ExchangeActive.Should().BeTrue();
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Connection_refused_becomes_a_network_failure_after_the_retries()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var harness = new KalshiTestHarness(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1), clock: TimeProvider.System, realNetwork: true);

        var act = () => harness.Public(KalshiEndpoints.ForBaseUrl($"http://127.0.0.1:{port}")).GetExchangeStatusAsync();

        var error = (await act.Should().ThrowAsync<KalshiNetworkException>()).Which;
        error.Kind.Should().Be(KalshiErrorKind.Network);
        error.StatusCode.Should().BeNull();
        error.Message.Should().Contain("refused").And.Contain("/trade-api/v2/exchange/status");
        error.InnerException.Should().BeOfType<HttpRequestException>();
        harness.Observer.Retries.Should().HaveCount(3).And.OnlyContain(r => r.ExceptionType == nameof(HttpRequestException));
    }

    [Fact]
    public async Task A_connection_dropped_mid_response_becomes_a_network_failure()
    {
        using var harness = new KalshiTestHarness(o => o.CircuitBreakerMinimumThroughput = 100);
        harness.Handler.On(Balance, Respond.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")));

        var act = () => harness.Authenticated().GetBalanceAsync();

        (await act.Should().ThrowAsync<KalshiNetworkException>()).Which.Message.Should().Contain("closed before a complete response");
        harness.Handler.Requests.Should().HaveCount(4);
    }

    [Fact]
    public async Task Attempts_that_never_answer_time_out_and_are_retried_then_fail_as_a_timeout()
    {
        using var harness = new KalshiTestHarness(o => o.RetryCount = 1);
        harness.Handler.On(Balance, Respond.Never());

        var call = harness.Authenticated().GetBalanceAsync();
        await harness.Handler.WaitForRequestAsync();
        harness.FakeClock!.Advance(TimeSpan.FromSeconds(10));
        await harness.Handler.WaitForRequestAsync();
        harness.FakeClock.Advance(TimeSpan.FromSeconds(10));

        var error = (await FluentActions.Awaiting(() => call).Should().ThrowAsync<KalshiTimeoutException>()).Which;
        error.Kind.Should().Be(KalshiErrorKind.Timeout);
        error.Message.Should().Contain("timed out after 10 s");
        harness.Handler.Requests.Should().HaveCount(2);
        harness.Observer.Retries.Should().ContainSingle().Which.ExceptionType.Should().Be("TimeoutRejectedException");
    }

    [Fact]
    public async Task The_total_timeout_bounds_a_call_including_its_retries()
    {
        using var harness = new KalshiTestHarness(o => o.TotalTimeout = TimeSpan.FromSeconds(15));
        harness.Handler.On(Balance, Respond.Never());

        var call = harness.Authenticated().GetBalanceAsync();
        await harness.Handler.WaitForRequestAsync();
        harness.FakeClock!.Advance(TimeSpan.FromSeconds(10));
        await harness.Handler.WaitForRequestAsync();
        harness.FakeClock.Advance(TimeSpan.FromSeconds(5));

        (await FluentActions.Awaiting(() => call).Should().ThrowAsync<KalshiTimeoutException>())
            .Which.Message.Should().Contain("timed out after 15 s");
        harness.Handler.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task The_callers_cancellation_surfaces_as_cancellation_not_as_a_kalshi_failure()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.On(Balance, Respond.Never());
        using var cancellation = new CancellationTokenSource();

        var call = harness.Authenticated().GetBalanceAsync(cancellation.Token);
        await harness.Handler.WaitForRequestAsync();
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        harness.Handler.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Malformed_json_becomes_a_protocol_failure_and_is_not_retried()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.On(Balance, Respond.Ok("{\"balance\":9801,\"balance_dollars\":\"98.0186\""));

        var act = () => harness.Authenticated().GetBalanceAsync();

        var error = (await act.Should().ThrowAsync<KalshiProtocolException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.OK);
        error.Kind.Should().Be(KalshiErrorKind.Protocol);
        error.Message.Should().Contain("not valid JSON").And.Contain("GET /trade-api/v2/portfolio/balance");
        harness.Handler.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_row_missing_a_required_field_is_skipped_and_reported_to_the_observer_naming_the_field()
    {
        // Until issue 15 this failed the whole call; now the row is skipped, listed and reported.
        using var harness = new KalshiTestHarness();
        harness.Handler.On(KalshiTestHarness.PathOf("/portfolio/positions"),
            Respond.Ok("{\"market_positions\":[{\"position_fp\":\"3.00\",\"market_exposure_dollars\":\"2.50\"},{\"ticker\":\"B\",\"position_fp\":\"1.00\",\"market_exposure_dollars\":\"0.40\"}],\"event_positions\":[],\"cursor\":\"\"}"));

        var positions = await harness.Authenticated().GetPositionsAsync();

        positions.MarketPositions.Select(p => p.Ticker).Should().Equal("B");
        var skipped = positions.Skipped.Should().ContainSingle().Subject;
        skipped.Context.Should().Contain("market_positions[0]");
        skipped.Detail.Should().Contain("'ticker'");
        harness.Observer.Skipped.Should().Equal(skipped);
    }

    [Fact]
    public async Task A_proxy_html_error_page_is_a_server_failure_without_a_kalshi_error()
    {
        using var harness = new KalshiTestHarness(o => o.CircuitBreakerMinimumThroughput = 100);
        harness.Handler.On(Balance, Respond.Json(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>"));

        var act = () => harness.Authenticated().GetBalanceAsync();

        (await act.Should().ThrowAsync<KalshiServerException>()).Which.Error.Should().BeNull();
    }
}
