namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>Waits on a condition (polled, no fixed sleeps in the tests) with a generous timeout for a busy machine.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it returns a value that <paramref name="done"/> accepts; returns it, or fails with the last value.</summary>
    /// <param name="betweenTries">Run before every try but the first, e.g. to move a fake clock on.</param>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> condition, Func<T, bool> done, string what, TimeSpan? timeout = null, Action? betweenTries = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
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
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}
