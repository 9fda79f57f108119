using System.Net;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiClientOptionsTests
{
    [Fact]
    public void Defaults_suit_a_personal_account()
    {
        var options = new KalshiClientOptions();

        options.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(10));
        options.TotalTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.RetryCount.Should().Be(3);
        options.RetryBaseDelay.Should().Be(TimeSpan.FromSeconds(1));
        options.CircuitBreakerMinimumThroughput.Should().Be(5);
        options.CircuitBreakerFailureRatio.Should().Be(0.5);
        options.CircuitBreakerSamplingDuration.Should().Be(TimeSpan.FromSeconds(30));
        options.CircuitBreakerBreakDuration.Should().Be(TimeSpan.FromSeconds(15));
        KalshiClientOptionsValidator.Check(options).Should().BeEmpty();
    }

    public static TheoryData<string, Action<KalshiClientOptions>> BrokenRules() => new()
    {
        { "AttemptTimeout", o => o.AttemptTimeout = TimeSpan.FromMilliseconds(5) },
        { "TotalTimeout", o => o.TotalTimeout = o.AttemptTimeout },
        { "RetryCount", o => o.RetryCount = -1 },
        { "RetryCount", o => o.RetryCount = 11 },
        { "RetryBaseDelay", o => o.RetryBaseDelay = TimeSpan.FromSeconds(-1) },
        { "RetryMaxDelay", o => o.RetryMaxDelay = TimeSpan.FromMilliseconds(1) },
        { "CircuitBreakerMinimumThroughput", o => o.CircuitBreakerMinimumThroughput = 1 },
        { "CircuitBreakerFailureRatio", o => o.CircuitBreakerFailureRatio = 0 },
        { "CircuitBreakerFailureRatio", o => o.CircuitBreakerFailureRatio = 1.5 },
        { "CircuitBreakerSamplingDuration", o => o.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(15) },
        { "CircuitBreakerBreakDuration", o => o.CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(100) },
        { "DefaultPageLimit", o => o.DefaultPageLimit = 1001 },
        { "MaxPages", o => o.MaxPages = 0 },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void Each_broken_rule_is_reported_by_setting_name(string setting, Action<KalshiClientOptions> breakIt)
    {
        var options = new KalshiClientOptions();
        breakIt(options);

        KalshiClientOptionsValidator.Check(options).Should().ContainSingle().Which.Should().Contain(setting);
    }

    [Fact]
    public void Invalid_options_fail_when_the_first_client_is_created()
    {
        var services = new ServiceCollection().AddKalshiClient(o => o.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(5));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IKalshiClientFactory>().CreatePublic(KalshiEndpoints.Demo);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("CircuitBreakerSamplingDuration").And.Contain("twice AttemptTimeout");
    }

    [Fact]
    public async Task Registering_twice_does_not_stack_a_second_resilience_pipeline()
    {
        var fake = new FakeKalshiHandler().On("/trade-api/v2/exchange/status", Respond.Status(HttpStatusCode.ServiceUnavailable));
        var services = new ServiceCollection();
        services.AddKalshiClient(o => o.RetryBaseDelay = TimeSpan.Zero);
        services.AddKalshiClient(o => o.CircuitBreakerMinimumThroughput = 100);
        services.AddHttpClient(KalshiServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IKalshiClientFactory>().CreatePublic(KalshiEndpoints.ForBaseUrl("http://kalshi.test")).GetExchangeStatusAsync();

        await act.Should().ThrowAsync<KalshiPortfolio.Core.Kalshi.Errors.KalshiUnavailableException>();
        fake.Requests.Should().HaveCount(4, "one pipeline: 1 attempt + 3 retries (two stacked pipelines would make 16)");
        provider.GetRequiredService<IOptions<KalshiClientOptions>>().Value.CircuitBreakerMinimumThroughput.Should().Be(100, "the second call's configuration still applies");
    }

    [Fact]
    public async Task Zero_retries_means_a_single_attempt()
    {
        using var harness = new KalshiTestHarness(o => o.RetryCount = 0);
        harness.Handler.On(KalshiTestHarness.PathOf("/exchange/status"), Respond.Status(HttpStatusCode.ServiceUnavailable));

        await FluentActions.Awaiting(() => harness.Public().GetExchangeStatusAsync())
            .Should().ThrowAsync<KalshiPortfolio.Core.Kalshi.Errors.KalshiUnavailableException>();

        harness.Handler.Requests.Should().HaveCount(1);
    }
}
