using System.Net.Sockets;
using KalshiPortfolio.Simulator;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Web.Hosting;

/// <summary>
/// Runs the simulated Kalshi exchange on its own listener inside the app when <c>Simulator:Enabled</c> is true, and
/// stops it with the app. If the URL is already taken (a standalone simulator is running there), it logs that and
/// leaves the running one to serve the app.
/// </summary>
public sealed class EmbeddedSimulatorHostedService(
    IOptions<SimulatorSettings> settings,
    IOptions<SimulatorOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<EmbeddedSimulatorHostedService> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The running simulator; null when disabled, not started, or the URL was taken.</summary>
    public SimulatorHost? Host { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Value.Enabled)
        {
            logger.LogInformation("Embedded Kalshi simulator disabled; the simulator environment uses {Url}", settings.Value.Url);
            return;
        }
        var simulatorOptions = options.Value.Clone();
        simulatorOptions.Url = settings.Value.Url;
        try
        {
            Host = await SimulatorHost.StartAsync(simulatorOptions, TimeProvider.System, loggerFactory, cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            logger.LogWarning("{Url} is already in use; assuming a simulator started on its own serves it", settings.Value.Url);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var host = Host;
        Host = null;
        if (host is not null) await host.DisposeAsync();
    }
}
