using KalshiPortfolio.Simulator.Exchange;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Simulator.Hosting;

/// <summary>
/// The exchange's own activity, on the simulator's <see cref="TimeProvider"/>: the random walk at
/// <see cref="SimulatorOptions.TicksPerSecond"/>, settlement of markets past their close time, and the demo account's
/// trades at <see cref="SimulatorOptions.DemoAccountTradesPerMinute"/>. All pause while trading is inactive.
/// </summary>
internal static class MarketLoops
{
    /// <summary>Timer period of the walk; ticks due in a period are run together, so any rate is reachable.</summary>
    private static readonly TimeSpan MinWalkPeriod = TimeSpan.FromMilliseconds(10);

    public static Task RunAsync(SimulatorServices services, ILogger logger, CancellationToken cancel) =>
        Task.WhenAll(
            Guard(() => RunRandomWalkAsync(services, cancel), logger, "random walk"),
            Guard(() => RunDemoTradingAsync(services, cancel), logger, "demo trading"));

    private static async Task RunRandomWalkAsync(SimulatorServices services, CancellationToken cancel)
    {
        var rate = services.Options.TicksPerSecond;
        var time = services.Time;
        var period = rate > 0 ? TimeSpan.FromSeconds(Math.Max(1 / rate, MinWalkPeriod.TotalSeconds)) : TimeSpan.FromSeconds(1);
        using var timer = new PeriodicTimer(period, time);
        var baseline = time.GetTimestamp();
        long done = 0;
        var lastLifecycleCheck = baseline;
        while (await timer.WaitForNextTickAsync(cancel))
        {
            var now = time.GetTimestamp();
            if (!services.Exchange.TradingActive)
            {
                baseline = now; // no catching up after a pause
                done = 0;
                continue;
            }
            if (rate > 0)
            {
                var due = (long)(time.GetElapsedTime(baseline, now).TotalSeconds * rate) - done;
                if (due > rate)
                {
                    // Fell behind (a stalled machine, a big jump of a fake clock): run at most one second's worth.
                    done += due - (long)Math.Ceiling(rate);
                    due = (long)Math.Ceiling(rate);
                }
                if (due > 0)
                {
                    services.Exchange.AdvanceRandomWalk((int)due);
                    done += due;
                }
            }
            if (services.Options.AutoSettleAtCloseTime && time.GetElapsedTime(lastLifecycleCheck, now) >= TimeSpan.FromSeconds(1))
            {
                lastLifecycleCheck = now;
                services.Exchange.SettleExpiredMarkets();
            }
        }
    }

    private static async Task RunDemoTradingAsync(SimulatorServices services, CancellationToken cancel)
    {
        var perMinute = services.Options.DemoAccountTradesPerMinute;
        if (perMinute <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1 / perMinute), services.Time);
        while (await timer.WaitForNextTickAsync(cancel))
        {
            services.DemoTrader.TradeOnce();
        }
    }

    private static async Task Guard(Func<Task> loop, ILogger logger, string name)
    {
        try
        {
            await loop();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "The simulator's {Loop} loop failed", name);
        }
    }
}
