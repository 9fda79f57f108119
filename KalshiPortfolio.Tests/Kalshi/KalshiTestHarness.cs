using System.Collections.Concurrent;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Kalshi;

/// <summary>
/// The real client stack (AddKalshiClient: resilience handler + signing handler + parsing) over a
/// <see cref="FakeKalshiHandler"/>. By default the clock is a <see cref="FakeTimeProvider"/> (it drives both the
/// signing timestamps and the resilience pipeline) and the retry delay is zero, so retries are instant.
/// </summary>
internal sealed class KalshiTestHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 11, 6, 29, 30, TimeSpan.Zero);

    public KalshiTestHarness(Action<KalshiClientOptions>? configure = null, TimeProvider? clock = null, bool realNetwork = false)
    {
        if (clock is null)
        {
            FakeClock = new FakeTimeProvider(Start);
            clock = FakeClock;
        }

        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<IKalshiClientObserver>(Observer);
        services.AddKalshiClient(o =>
        {
            o.RetryBaseDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        if (!realNetwork)
        {
            services.AddHttpClient(KalshiServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler);
        }

        Services = services.BuildServiceProvider(validateScopes: true);
    }

    public static KalshiEndpoints Endpoints { get; } = KalshiEndpoints.ForBaseUrl("http://kalshi.test");

    public FakeKalshiHandler Handler { get; } = new();

    public FakeTimeProvider? FakeClock { get; }

    public RecordingObserver Observer { get; } = new();

    public ServiceProvider Services { get; }

    public KalshiSigner Signer { get; } = TestRsaKeys.Signer();

    public IKalshiClientFactory Factory => Services.GetRequiredService<IKalshiClientFactory>();

    /// <summary>The raw HttpClient of the shared pipeline (for calls the clients do not make, e.g. a POST).</summary>
    public HttpClient RawHttpClient() =>
        Services.GetRequiredService<IHttpClientFactory>().CreateClient(KalshiServiceCollectionExtensions.HttpClientName);

    public KalshiClient Public(KalshiEndpoints? endpoints = null) => Factory.CreatePublic(endpoints ?? Endpoints);

    public AuthenticatedKalshiClient Authenticated(KalshiEndpoints? endpoints = null, KalshiSigner? signer = null) =>
        Factory.CreateAuthenticated(endpoints ?? Endpoints, signer ?? Signer);

    /// <summary>The full signed path of a REST resource, e.g. <c>/trade-api/v2/portfolio/balance</c>.</summary>
    public static string PathOf(string relative) => "/trade-api/v2" + relative;

    public void Dispose()
    {
        Services.Dispose();
        Signer.Dispose();
    }
}

internal sealed class RecordingObserver : IKalshiClientObserver
{
    public ConcurrentQueue<KalshiRetryEvent> Retries { get; } = new();

    public ConcurrentQueue<KalshiCircuitEvent> Opened { get; } = new();

    public ConcurrentQueue<KalshiCircuitEvent> Closed { get; } = new();

    public ConcurrentQueue<KalshiSkippedInput> Skipped { get; } = new();

    public void OnRetry(KalshiRetryEvent retry) => Retries.Enqueue(retry);

    public void OnCircuitOpened(KalshiCircuitEvent circuit) => Opened.Enqueue(circuit);

    public void OnCircuitClosed(KalshiCircuitEvent circuit) => Closed.Enqueue(circuit);

    public void OnSkippedInput(KalshiSkippedInput skipped) => Skipped.Enqueue(skipped);
}
