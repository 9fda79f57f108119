using System.Net;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Http;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiSigningHandlerTests
{
    private static readonly long StartMs = KalshiTestHarness.Start.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Authenticated_request_carries_the_three_headers_signed_over_the_full_path_without_the_query()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.OnCapture("fills__after_taker");

        await harness.Authenticated().GetFillsPageAsync(new FillQuery { Limit = 10 });

        var request = harness.Handler.Requests.Single();
        request.Uri.PathAndQuery.Should().Be("/trade-api/v2/portfolio/fills?limit=10", "the recorded request was GET /portfolio/fills?limit=10");
        request.Header(KalshiAuthHeaders.AccessKeyHeader).Should().Be(TestRsaKeys.KeyId);
        request.Header(KalshiAuthHeaders.TimestampHeader).Should().Be(StartMs.ToString());
        var signature = request.Header(KalshiAuthHeaders.SignatureHeader)!;
        TestRsaKeys.Verifies($"{StartMs}GET/trade-api/v2/portfolio/fills", signature).Should().BeTrue();
        TestRsaKeys.Verifies($"{StartMs}GET/trade-api/v2/portfolio/fills?limit=10", signature).Should().BeFalse();
    }

    [Fact]
    public async Task Public_client_sends_no_auth_headers()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.OnCapture("markets__unauth_single");

        await harness.Public().GetMarketAsync("KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP");

        harness.Handler.Requests.Single().Headers.Keys.Should().NotContain(k => k.StartsWith("KALSHI-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Authenticated_client_signs_market_data_calls_too()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.OnCapture("markets__single");

        await harness.Authenticated().GetMarketAsync("KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP");

        var request = harness.Handler.Requests.Single();
        TestRsaKeys.Verifies($"{StartMs}GET/trade-api/v2/markets/KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP",
            request.Header(KalshiAuthHeaders.SignatureHeader)!).Should().BeTrue();
    }

    [Fact]
    public async Task Signed_path_includes_a_base_url_prefix()
    {
        using var harness = new KalshiTestHarness();
        var endpoints = KalshiEndpoints.ForBaseUrl("http://kalshi.test/proxy/");
        harness.Handler.On("/proxy/trade-api/v2/portfolio/balance", Respond.Capture("auth__balance_ok"));

        await harness.Authenticated(endpoints).GetBalanceAsync();

        TestRsaKeys.Verifies($"{StartMs}GET/proxy/trade-api/v2/portfolio/balance",
            harness.Handler.Requests.Single().Header(KalshiAuthHeaders.SignatureHeader)!).Should().BeTrue();
    }

    [Fact]
    public async Task A_retried_request_carries_a_fresh_timestamp_and_signature()
    {
        using var harness = new KalshiTestHarness();
        var clock = harness.FakeClock!;
        harness.Handler.On(
            KalshiTestHarness.PathOf("/portfolio/balance"),
            (_, _) =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(1500));
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
            },
            Respond.Capture("auth__balance_ok"));

        var balance = await harness.Authenticated().GetBalanceAsync();

        balance.Cash.Should().Be(98.0186m);
        var attempts = harness.Handler.Requests;
        attempts.Should().HaveCount(2);
        var first = (Ts: long.Parse(attempts[0].Header(KalshiAuthHeaders.TimestampHeader)!), Sig: attempts[0].Header(KalshiAuthHeaders.SignatureHeader)!);
        var second = (Ts: long.Parse(attempts[1].Header(KalshiAuthHeaders.TimestampHeader)!), Sig: attempts[1].Header(KalshiAuthHeaders.SignatureHeader)!);
        first.Ts.Should().Be(StartMs);
        second.Ts.Should().Be(StartMs + 1500, "the retry is signed again at the time it is sent");
        second.Sig.Should().NotBe(first.Sig);
        TestRsaKeys.Verifies($"{first.Ts}GET/trade-api/v2/portfolio/balance", first.Sig).Should().BeTrue();
        TestRsaKeys.Verifies($"{second.Ts}GET/trade-api/v2/portfolio/balance", second.Sig).Should().BeTrue();
        TestRsaKeys.Verifies($"{first.Ts}GET/trade-api/v2/portfolio/balance", second.Sig).Should().BeFalse("a stale timestamp would be rejected");
    }

    [Fact]
    public async Task One_pipeline_signs_each_request_with_its_own_users_key()
    {
        using var harness = new KalshiTestHarness();
        using var other = TestRsaKeys.OtherSigner();
        harness.Handler.OnCapture("auth__balance_ok");
        var alice = harness.Authenticated();
        var bob = harness.Authenticated(signer: other);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? alice.GetBalanceAsync() : bob.GetBalanceAsync()));

        var requests = harness.Handler.Requests;
        requests.Should().HaveCount(10);
        foreach (var request in requests)
        {
            var key = request.Header(KalshiAuthHeaders.AccessKeyHeader) == TestRsaKeys.KeyId ? TestRsaKeys.Key : TestRsaKeys.OtherKey;
            TestRsaKeys.Verifies($"{StartMs}GET/trade-api/v2/portfolio/balance", request.Header(KalshiAuthHeaders.SignatureHeader)!, key)
                .Should().BeTrue();
        }

        requests.Count(r => r.Header(KalshiAuthHeaders.AccessKeyHeader) == TestRsaKeys.OtherKeyId).Should().Be(5);
    }

    [Fact]
    public async Task The_shared_pipeline_never_retries_a_write_but_retries_a_read()
    {
        using var harness = new KalshiTestHarness(o => o.CircuitBreakerMinimumThroughput = 100);
        harness.Handler.On(KalshiTestHarness.PathOf("/portfolio/events/orders"), Respond.Status(HttpStatusCode.ServiceUnavailable));
        var http = harness.RawHttpClient();
        var uri = new Uri("http://kalshi.test/trade-api/v2/portfolio/events/orders");

        using var post = await http.PostAsync(uri, new StringContent("{}"));
        var afterPost = harness.Handler.Requests.Count;
        using var get = await http.GetAsync(uri);

        post.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        afterPost.Should().Be(1, "POST is unsafe and must not be retried");
        harness.Handler.Requests.Count(r => r.Method == HttpMethod.Get).Should().Be(4, "a GET gets the first attempt plus 3 retries");
    }

    [Fact]
    public async Task An_authenticated_client_without_the_signing_handler_fails_loudly()
    {
        using var signer = TestRsaKeys.Signer();
        var fake = new FakeKalshiHandler().OnCapture("auth__balance_ok");
        var client = new AuthenticatedKalshiClient(new HttpClient(fake), KalshiTestHarness.Endpoints, signer);

        var act = () => client.GetBalanceAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("KalshiSigningHandler");
    }

    [Fact]
    public async Task The_signing_handler_works_in_a_hand_built_pipeline()
    {
        using var signer = TestRsaKeys.Signer();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(KalshiTestHarness.Start);
        var fake = new FakeKalshiHandler().OnCapture("auth__balance_ok");
        var client = new AuthenticatedKalshiClient(new HttpClient(new KalshiSigningHandler(clock, fake)), KalshiTestHarness.Endpoints, signer);

        var balance = await client.GetBalanceAsync();

        balance.Cash.Should().Be(98.0186m);
        TestRsaKeys.Verifies($"{StartMs}GET/trade-api/v2/portfolio/balance",
            fake.Requests.Single().Header(KalshiAuthHeaders.SignatureHeader)!).Should().BeTrue();
    }
}
