using System.Diagnostics;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>Waits for a condition that other threads make true, with a generous timeout; never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="what"/> when it doesn't in time.</summary>
    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for: {what}");
            }
            await Task.Delay(5);
        }
    }

    /// <summary>As <see cref="True"/> for a condition that must be awaited.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for: {what}");
            }
            await Task.Delay(5);
        }
    }

    /// <summary>Like <see cref="True"/> for an assertion: retries until it passes, then rethrows its last failure.</summary>
    public static async Task Assert(Action assertion, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (watch.Elapsed <= limit)
            {
                await Task.Delay(5);
            }
        }
    }
}
