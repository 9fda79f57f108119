using KalshiPortfolio.Simulator;
using KalshiPortfolio.Web.Hosting;
using Microsoft.Extensions.Options;

// In DI's namespace (the framework's convention for Add* methods) so Program.cs needs one line and no using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded simulator: <c>builder.Services.AddEmbeddedSimulator(builder.Configuration);</c></summary>
public static class EmbeddedSimulatorExtensions
{
    /// <summary>
    /// Binds <see cref="SimulatorSettings"/> and <see cref="SimulatorOptions"/> from the <c>Simulator</c> section (both
    /// validated at start-up; <c>DataDirectory</c> defaults to the <c>simulator</c> folder of the app's data directory
    /// (<see cref="DataDirectory.SimulatorPath"/>, so <c>--DataDirectory</c> moves it too; <c>{content root}/data/simulator</c>
    /// when no <see cref="DataDirectory"/> is registered), so the demo account's key survives restarts) and adds
    /// <see cref="EmbeddedSimulatorHostedService"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SimulatorSettings.SectionName);
        services.AddOptions<SimulatorSettings>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        services.AddOptions<SimulatorOptions>()
            .Bind(section)
            .PostConfigure<IHostEnvironment, IServiceProvider>((options, environment, provider) =>
                options.DataDirectory ??= provider.GetService<DataDirectory>()?.SimulatorPath
                    ?? Path.Combine(environment.ContentRootPath, "data", "simulator"))
            .ValidateOnStart();
        services.AddSingleton<EmbeddedSimulatorHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<EmbeddedSimulatorHostedService>());
        return services;
    }
}
