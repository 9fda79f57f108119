using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// Serves the static web assets of the app's dependencies (<c>_framework/blazor.web.js</c>, MudBlazor's CSS and JS,
/// the scoped CSS bundle) in a test host. ASP.NET Core maps them from the build's
/// <c>KalshiPortfolio.Web.staticwebassets.runtime.json</c> only in the Development environment, and
/// <see cref="PortfolioAppFactory"/> runs the app as "Testing": without this a browser gets 500s for those files
/// and the Blazor circuit never starts. Call it from the factory's <c>services</c> callback.
/// </summary>
public static class StaticWebAssets
{
    public static void Enable(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var environment = services.Select(d => d.ImplementationInstance).OfType<IWebHostEnvironment>().FirstOrDefault()
            ?? throw new InvalidOperationException("No IWebHostEnvironment instance is registered: call this from the host's service configuration.");
        // The configuration only names a manifest other than the default {ApplicationName}.staticwebassets.runtime.json
        // next to the test assembly; the default is the one wanted.
        StaticWebAssetsLoader.UseStaticWebAssets(environment, new ConfigurationBuilder().Build());
    }
}
