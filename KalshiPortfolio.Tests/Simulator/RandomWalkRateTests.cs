using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>
/// The random walk runs at <c>TicksPerSecond</c> of the simulator's clock (a fake one here), up to thousands a second,
/// and every tick reaches every subscribed socket. How fast a real machine carries them is measured by
/// KalshiPortfolio.Bench, not asserted by a test.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RandomWalkRateTests
{
    [Fact]
    public async Task One_simulated_second_at_5000_ticks_per_second_sends_exactly_5000_tickers_to_each_subscribed_socket()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.TicksPerSecond = 5_000, watchTimers: true);
        var signer = await sim.CreateAccountAsync();
        var sockets = new[] { await sim.ConnectAsync(signer), await sim.ConnectAsync(signer) };
        foreach (var socket in sockets)
        {
            await socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "ticker" } } });
            await socket.WaitForTypeAsync("subscribed");
        }

        // The walk counts its ticks from when its timer started (10 ms period): move the clock only once it exists.
        await sim.Timers!.WaitForTimerAsync(SimulatorTestHost.Start + TimeSpan.FromMilliseconds(10), "the random walk's timer");
        for (var step = 0; step < 10; step++)
        {
            sim.Time!.Advance(TimeSpan.FromMilliseconds(100));
        }

        foreach (var socket in sockets)
        {
            for (var i = 0; i < 5_000; i++)
            {
                (await socket.NextAsync()).GetProperty("type").GetString().Should().Be("ticker");
            }
            // The clock stands still now: the answer to a command is the next message, no 5,001st ticker.
            await socket.SendAsync(new { id = 2, cmd = "list_subscriptions" });
            var next = await socket.NextAsync();
            next.GetProperty("type").GetString().Should().NotBe("ticker");
            next.GetProperty("id").GetInt32().Should().Be(2);
        }
    }
}
