using System.Net;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Tests.Integration.ClientSimulator.Support;
using KalshiPortfolio.Tests.Simulator.Support;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator;

/// <summary>
/// The simulator's token bucket against the client's 429 handling. Each test runs a simulator with a tiny bucket:
/// 3 requests of burst, refilled at one request per second of the simulator's (fake) clock.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int Burst = 3;
    private SimulatorTestHost _sim = null!;
    private CoreSigner _demo = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorTestHost.StartAsync(o =>
        {
            o.RateLimitTokensPerRequest = 10;
            o.RateLimitBucketCapacity = 10 * Burst;
            o.RateLimitTokensPerSecond = 10;
        });
        _demo = await _sim.DemoAccountAsync();
    }

    public async Task DisposeAsync()
    {
        _demo.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task A_burst_beyond_the_bucket_is_retried_with_backoff_then_fails_as_rate_limited_while_nothing_refills()
    {
        using var host = KalshiClientHost.Create(_sim);
        var client = host.Authenticated(_demo);

        var calls = Enumerable.Range(0, 2 * Burst).Select(_ => client.GetBalanceAsync()).ToList();
        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call;
                return null;
            }
            catch (KalshiRateLimitedException e)
            {
                return e;
            }
        }));

        outcomes.Count(e => e is null).Should().Be(Burst, "the bucket holds {0} requests and the simulator's clock does not move", Burst);
        var failures = outcomes.OfType<KalshiRateLimitedException>().ToList();
        failures.Should().HaveCount(Burst);
        failures.Should().OnlyContain(e => e.StatusCode == HttpStatusCode.TooManyRequests && e.Error == new KalshiError(null, "too many requests", null, null));
        host.Observer.Retries.Should().HaveCount(Burst * 3, "each limited call used its 3 retries")
            .And.OnlyContain(r => r.StatusCode == 429 && r.Delay >= TimeSpan.Zero);
    }

    [Fact]
    public async Task A_burst_beyond_the_bucket_succeeds_once_the_bucket_refills_during_the_backoff()
    {
        // Every retry moves the simulator's clock by the bucket's full refill time before the retried attempt.
        using var host = KalshiClientHost.Create(_sim, onRetry: _ => _sim.Time!.Advance(TimeSpan.FromSeconds(Burst)));
        var client = host.Authenticated(_demo);

        var balances = await Task.WhenAll(Enumerable.Range(0, 2 * Burst).Select(_ => client.GetBalanceAsync()));

        balances.Should().HaveCount(2 * Burst).And.OnlyContain(b => b.Cash == _sim.Host.Exchange.GetCashDollars(_demo.KeyId));
        host.Observer.Retries.Should().NotBeEmpty("the calls beyond the burst were limited first")
            .And.OnlyContain(r => r.StatusCode == 429);
    }

    [Fact]
    public async Task The_429_body_is_kalshis_plain_string()
    {
        for (var i = 0; i < Burst; i++)
        {
            (await _sim.Http.GetAsync("/trade-api/v2/exchange/status")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var limited = await _sim.Http.GetAsync("/trade-api/v2/exchange/status");
        var body = await limited.Content.ReadAsStringAsync();

        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        body.Should().Be("""{"error":"too many requests"}""");
        limited.Headers.RetryAfter.Should().BeNull("Kalshi's 429 carries no Retry-After");
        KalshiErrorParser.TryParse(body).Should().Be(new KalshiError(null, "too many requests"));
    }
}
