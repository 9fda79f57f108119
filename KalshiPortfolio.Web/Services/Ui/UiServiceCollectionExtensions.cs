using KalshiPortfolio.Core.Streaming;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KalshiPortfolio.Web.Services.Ui;

public static class UiServiceCollectionExtensions
{
    /// <summary>
    /// The dashboard's per-circuit services: the live portfolio (needs an <c>IPortfolioStreams</c>, which the
    /// streaming work registers), the browser-side session calls, the theme, and the simulator's demo account
    /// (configuration <c>Simulator:Enabled</c>, <c>Simulator:Url</c>), and the markets pages' market data (needs
    /// the Kalshi client factory, the credential store and the environments, which the app registers). Safe to
    /// call more than once.
    /// </summary>
    public static IServiceCollection AddPortfolioUi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        // A factory, so the app still starts (signed-out view, "no live data" banner) when no IPortfolioStreams
        // is registered; whichever registration the streaming work makes is picked up here at resolve time.
        services.TryAddScoped(sp => new LivePortfolio(
            sp.GetService<IPortfolioStreams>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LivePortfolio>>()));
        services.TryAddScoped<BrowserSession>();
        services.TryAddScoped<UiThemeState>();
        services.TryAddScoped<IUserKalshiEndpoints, StoredCredentialEndpoints>();
        services.TryAddScoped<IMarketCatalog, KalshiMarketCatalog>();
        // Replaces Blazor's default provider (registered by AddInteractiveServerComponents): a tab signs out when its
        // user signs out anywhere.
        services.RemoveAll<AuthenticationStateProvider>();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingAuthenticationStateProvider>();

        if (!services.Any(d => d.ServiceType == typeof(ISimulatorDemoAccount)))
        {
            services.AddOptions<SimulatorLinkOptions>().BindConfiguration(SimulatorLinkOptions.Section);
            services.AddHttpClient<ISimulatorDemoAccount, SimulatorDemoAccount>();
        }
        return services;
    }
}
