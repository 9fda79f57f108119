namespace KalshiPortfolio.Simulator.Hosting;

/// <summary>
/// The simulator's inner web host is started and stopped by <see cref="SimulatorHost"/> only: it must not react to
/// Ctrl+C or SIGTERM itself (the process that embeds it does) nor print the console banner a second time.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
