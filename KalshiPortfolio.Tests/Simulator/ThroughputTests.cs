using System.Diagnostics;
using KalshiPortfolio.Tests.Simulator.Support;
using Xunit.Abstractions;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The random walk sustains thousands of ticks per second to subscribed sockets, on the real clock.</summary>
[Trait("Category", "Integration")]
public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Thousands_of_ticks_per_second_reach_two_subscribed_sockets()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.TicksPerSecond = 5_000, fakeTime: false);
        var signer = await sim.CreateAccountAsync();
        var sockets = new[] { await sim.ConnectAsync(signer), await sim.ConnectAsync(signer) };
        foreach (var socket in sockets)
        {
            await socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "ticker" } } });
            await socket.WaitForTypeAsync("subscribed");
        }

        var watch = Stopwatch.StartNew();
        const int Wanted = 6_000;
        await Task.WhenAll(sockets.Select(async socket =>
        {
            for (var i = 0; i < Wanted; i++) await socket.NextRawAsync();
        }));
        watch.Stop();

        var rate = Wanted / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{Wanted} ticker messages per socket in {watch.Elapsed.TotalSeconds:F2} s ({rate:F0}/s per socket)");
        rate.Should().BeGreaterThan(1_000);
    }
}
