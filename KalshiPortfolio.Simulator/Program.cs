using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Simulator;

/// <summary>
/// Standalone entry point: <c>dotnet run --project KalshiPortfolio.Simulator</c> serves a simulated Kalshi exchange at
/// http://127.0.0.1:5090 until stopped. Options come from the <c>Simulator</c> section of appsettings.json, environment
/// variables (<c>Simulator__Seed=7</c>) and the command line (<c>--Simulator:Url=http://127.0.0.1:6000</c>).
/// </summary>
internal static class SimulatorProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        builder.Services.AddOptions<SimulatorOptions>().Bind(builder.Configuration.GetSection(SimulatorOptions.SectionName)).ValidateOnStart();
        builder.Services.AddHostedService<StandaloneSimulatorService>();
        await builder.Build().RunAsync();
    }

    /// <summary>Runs one <see cref="SimulatorHost"/> for the program's lifetime.</summary>
    private sealed class StandaloneSimulatorService(IOptions<SimulatorOptions> options, ILoggerFactory loggerFactory) : IHostedService
    {
        private SimulatorHost? _host;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _host = await SimulatorHost.StartAsync(options.Value, TimeProvider.System, loggerFactory, cancellationToken);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_host is not null) await _host.DisposeAsync();
        }
    }
}
