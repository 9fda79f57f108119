using System.Diagnostics;
using KalshiPortfolio.Bench.Load;

namespace KalshiPortfolio.Bench.Latency;

/// <summary>N SSE clients on one connection pool (one HTTP/1.1 connection each), opened in batches.</summary>
public sealed class SseClientPool : IAsyncDisposable
{
    private const int ConnectConcurrency = 50;

    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runs = [];

    public SseClientPool(int count, PublishLedger ledger, MeasurementWindow window, long windowCapacity)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Clients = [.. Enumerable.Range(0, count).Select(i => new SseClient(i, ledger, window, windowCapacity))];
    }

    public IReadOnlyList<SseClient> Clients { get; }

    /// <summary>Opens every stream, <see cref="ConnectConcurrency"/> at a time, and waits until each is ready.</summary>
    public async Task ConnectAsync(Uri uri, bool readyOnFirstEvent, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        foreach (var batch in Clients.Chunk(ConnectConcurrency))
        {
            foreach (var client in batch)
            {
                _runs.Add(Task.Run(() => client.RunAsync(_http, uri, readyOnFirstEvent, _stop.Token)));
            }
            var left = TimeSpan.FromSeconds(Math.Max(1, (deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
            await Task.WhenAll(batch.Select(c => c.Ready)).WaitAsync(left).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every client has seen publish <paramref name="sequence"/> (or a later one); false on timeout.</summary>
    public async Task<bool> WaitForSequenceAsync(long sequence, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Clients.Any(c => c.MaxSequence < sequence && c.Error is null))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// After the window: waits until every client has publish <paramref name="lastSequence"/>, or, once
    /// <paramref name="minimum"/> has passed, until the clients have received nothing of the window for a second
    /// (they have caught up with what they will ever get), or until <paramref name="maximum"/>. True when all caught up.
    /// </summary>
    public async Task<bool> DrainAsync(long lastSequence, TimeSpan minimum, TimeSpan maximum)
    {
        var started = Stopwatch.GetTimestamp();
        var lastProgress = started;
        var received = Clients.Sum(c => c.Received);
        while (true)
        {
            if (Clients.All(c => c.MaxSequence >= lastSequence || c.Error is not null))
            {
                return true;
            }
            var now = Stopwatch.GetTimestamp();
            var total = Clients.Sum(c => c.Received);
            if (total != received)
            {
                received = total;
                lastProgress = now;
            }
            var elapsed = Stopwatch.GetElapsedTime(started, now);
            if (elapsed >= maximum || (elapsed >= minimum && Stopwatch.GetElapsedTime(lastProgress, now) >= TimeSpan.FromSeconds(1)))
            {
                return false;
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public LatencyHistogram Merged()
    {
        var merged = new LatencyHistogram();
        foreach (var client in Clients)
        {
            merged.Add(client.Histogram);
        }
        return merged;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_runs).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // a client stuck in a read: the process moves on; the handler's dispose aborts the sockets
        }
        _http.Dispose();
        _stop.Dispose();
    }
}
