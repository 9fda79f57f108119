using System.Diagnostics;
using KalshiPortfolio.Bench.Latency;

namespace KalshiPortfolio.Bench.Load;

/// <summary>
/// Changes quotes at a steady rate on a dedicated thread (not the thread pool, which a thousand SSE clients keep
/// busy): at every moment the number of publishes is rate × elapsed time, caught up in a burst after a stall, each
/// publish stamped with its own time. The first <c>warmup</c> is not measured; the window opens at its end.
/// </summary>
public sealed class LoadGenerator(PublishLedger ledger, Action<Publish> setQuote, Func<int> chooseTicker)
{
    /// <summary>Publishes one quote change now (also used for readiness probes).</summary>
    public Publish PublishOne(int tickerIndex)
    {
        var publish = ledger.Stamp(tickerIndex);
        setQuote(publish);
        return publish;
    }

    /// <summary>Runs on its own thread; completes when the window closes. <paramref name="record"/> gets every publish (warm-up too).</summary>
    public Task<LoadResult> RunAsync(double rate, TimeSpan warmup, TimeSpan measure, MeasurementWindow window,
        Action? onWindowOpen = null, Action? onWindowClose = null, List<Publish>? record = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var done = new TaskCompletionSource<LoadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Run(rate, warmup, measure, window, onWindowOpen, onWindowClose, record));
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "bench load generator",
        };
        thread.Start();
        return done.Task;
    }

    private LoadResult Run(double rate, TimeSpan warmup, TimeSpan measure, MeasurementWindow window,
        Action? onWindowOpen, Action? onWindowClose, List<Publish>? record)
    {
        var frequency = (double)Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var total = warmup + measure;
        long published = 0;
        long windowStartCount = -1;
        long windowOpenedAt = 0;
        double maxLagMs = 0;
        var opened = false;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = (now - start) / frequency;
            if (!opened && elapsed >= warmup.TotalSeconds)
            {
                opened = true;
                window.Open(ledger.LastSequence + 1);
                windowStartCount = published;
                windowOpenedAt = now;
                onWindowOpen?.Invoke();
            }
            if (elapsed >= total.TotalSeconds)
            {
                break;
            }
            var due = (long)(elapsed * rate) - published;
            if (due > 0)
            {
                maxLagMs = Math.Max(maxLagMs, (due - 1) / rate * 1000);
                for (var i = 0; i < due; i++)
                {
                    var publish = PublishOne(chooseTicker());
                    record?.Add(publish);
                }
                published += due;
                continue;
            }
            var untilNext = ((published + 1) / rate - elapsed) * 1000;
            // Never spin: on two cores a spinning publisher would steal from what it measures. A publish up to ~1 ms late
            // is stamped when it happens, so lateness costs rate accuracy, not latency accuracy.
            Thread.Sleep(untilNext >= 2 ? (int)Math.Min(untilNext - 1, 50) : 1);
        }
        window.Close(ledger.LastSequence + 1);
        var closedAt = Stopwatch.GetTimestamp();
        onWindowClose?.Invoke();
        var windowPublished = published - Math.Max(0, windowStartCount);
        var windowSeconds = (closedAt - windowOpenedAt) / frequency;
        return new LoadResult(published, windowPublished, windowSeconds, windowSeconds > 0 ? windowPublished / windowSeconds : 0, maxLagMs);
    }
}

/// <summary>What a load run did: publishes in all and in the window, the window's length and rate, and the worst lag behind schedule.</summary>
public sealed record LoadResult(long Published, long WindowPublished, double WindowSeconds, double WindowRate, double MaxLagMs);
