using KalshiPortfolio.Core.Kalshi.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Core.Kalshi;

/// <summary>DI registration of the Kalshi REST clients.</summary>
public static class KalshiServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient all Kalshi clients share (e.g. to replace its primary handler in tests).</summary>
    public const string HttpClientName = "KalshiPortfolio.Kalshi";

    /// <summary>
    /// Registers <see cref="IKalshiClientFactory"/> and one named HttpClient pipeline shared by all users:
    /// the standard resilience handler (total timeout → retry with exponential backoff and jitter for reads only,
    /// 429 included → circuit breaker → attempt timeout), one pipeline per host (production, demo and the
    /// simulator each get their own breaker), and inside it <see cref="KalshiSigningHandler"/>, so every attempt
    /// is signed afresh with the signer carried by the request. Uses <see cref="TimeProvider"/> from DI
    /// (<see cref="TimeProvider.System"/> unless registered) for signing timestamps and the pipeline's clock.
    /// Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddKalshiClient(this IServiceCollection services, Action<KalshiClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<KalshiClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(IKalshiClientFactory)))
        {
            return services;
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KalshiClientOptions>, KalshiClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var http = services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                // The resilience pipeline owns the timeouts; this is only a backstop for reading the body.
                var kalshi = sp.GetRequiredService<IOptions<KalshiClientOptions>>().Value;
                client.Timeout = kalshi.TotalTimeout + TimeSpan.FromSeconds(5);
            });

        http.AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) => KalshiResilience.Configure(
                resilience,
                sp.GetRequiredService<IOptions<KalshiClientOptions>>().Value,
                sp.GetService<IKalshiClientObserver>()))
            .SelectPipelineByAuthority();

        // Added after the resilience handler, so it sits inside it and runs once per attempt.
        http.AddHttpMessageHandler(sp => new KalshiSigningHandler(sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<IKalshiClientFactory, KalshiClientFactory>();
        return services;
    }
}
