using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// Side work of one link (a market's title, a settlement, a balance read): run on the thread pool, logged when it
/// fails, and awaited by <see cref="DrainAsync"/>, so nothing touches the portfolio once the link is disposed.
/// </summary>
internal sealed class BackgroundWork(string userId, ILogger logger, CancellationToken stopping)
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public void Run(Func<Task> work)
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Background work for user {UserId} failed", userId);
            }
        });
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(
            static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
            _running,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Waits until every piece of work has ended (each catches its own failures).</summary>
    public async Task DrainAsync()
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        }
    }
}
