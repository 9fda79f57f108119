using System.Diagnostics;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// Waits for a condition that other threads make true (polled, never a fixed sleep), with a generous timeout for a
/// busy 2-core machine.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it returns a value that <paramref name="done"/> accepts; returns it, or fails with the last value.</summary>
    /// <param name="betweenTries">Run before every try but the first, e.g. to move a fake clock on.</param>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> condition, Func<T, bool> done, string what, TimeSpan? timeout = null, Action? betweenTries = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        var delay = TimeSpan.FromMilliseconds(10);
        var first = true;
        while (true)
        {
            if (!first)
            {
                betweenTries?.Invoke();
            }
            first = false;
            var value = await condition();
            if (done(value))
            {
                return value;
            }
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="what"/> when it doesn't in time.</summary>
    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);

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
