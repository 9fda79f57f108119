using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Tests.Kalshi;
using KalshiPortfolio.Tests.Simulator.Support;
using Microsoft.Extensions.DependencyInjection;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator.Support;

/// <summary>
/// The real client, built through DI exactly as the app builds it (<c>AddKalshiClient</c>: resilience handler, signing
/// handler, parsing), pointed at a simulator with <c>KalshiEndpoints.ForBaseUrl</c>. Retry delays are a few
/// milliseconds so the suite stays fast; the clock is the simulator's (see <see cref="SimulatorClock"/>).
/// </summary>
internal sealed class KalshiClientHost : IDisposable
{
    private readonly ServiceProvider _services;

    private KalshiClientHost(ServiceProvider services, KalshiEndpoints endpoints, SimulatorClock clock, RecordingObserver observer)
    {
        _services = services;
        Endpoints = endpoints;
        Clock = clock;
        Observer = observer;
    }

    public KalshiEndpoints Endpoints { get; }

    /// <summary>The clock given to the client through DI (signing timestamps and the pipeline).</summary>
    public SimulatorClock Clock { get; }

    /// <summary>Retries and breaker changes the pipeline reported.</summary>
    public RecordingObserver Observer { get; }

    public IKalshiClientFactory Factory => _services.GetRequiredService<IKalshiClientFactory>();

    /// <param name="sim">The simulator to talk to.</param>
    /// <param name="configure">Options on top of the test defaults (retry delays of 1–20 ms).</param>
    /// <param name="clockOffset">Skew of the client's clock against the simulator's.</param>
    /// <param name="onRetry">Called on every retry, after it is recorded in <see cref="Observer"/>.</param>
    public static KalshiClientHost Create(
        SimulatorTestHost sim,
        Action<KalshiClientOptions>? configure = null,
        TimeSpan clockOffset = default,
        Action<KalshiRetryEvent>? onRetry = null)
    {
        var clock = new SimulatorClock(sim.Time ?? TimeProvider.System, clockOffset);
        var observer = new RecordingObserver();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IKalshiClientObserver>(new ForwardingObserver(observer, onRetry));
        services.AddKalshiClient(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(2);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(20);
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.TotalTimeout = TimeSpan.FromSeconds(15);
            configure?.Invoke(o);
        });
        return new KalshiClientHost(services.BuildServiceProvider(validateScopes: true), KalshiEndpoints.ForBaseUrl(sim.Host.BaseUri), clock, observer);
    }

    public KalshiClient Public() => Factory.CreatePublic(Endpoints);

    public AuthenticatedKalshiClient Authenticated(CoreSigner signer) => Factory.CreateAuthenticated(Endpoints, signer);

    public void Dispose() => _services.Dispose();

    private sealed class ForwardingObserver(RecordingObserver recorder, Action<KalshiRetryEvent>? onRetry) : IKalshiClientObserver
    {
        public void OnRetry(KalshiRetryEvent retry)
        {
            recorder.OnRetry(retry);
            onRetry?.Invoke(retry);
        }

        public void OnCircuitOpened(KalshiCircuitEvent circuit) => recorder.OnCircuitOpened(circuit);

        public void OnCircuitClosed(KalshiCircuitEvent circuit) => recorder.OnCircuitClosed(circuit);
    }
}
