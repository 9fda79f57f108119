using System.Diagnostics;
using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Portfolio;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// Writes one user's position changes through to the cache. Changes are merged per market (latest wins) and
/// written in batches, at most one batch per <see cref="StreamingOptions.CacheWriteInterval"/>; a failed batch is
/// logged, counted and retried with backoff while the in-memory state goes on; every
/// <see cref="StreamingOptions.FullSyncInterval"/> the user's whole cache is rewritten from memory, repairing
/// whatever a failed write left behind. Memory stays bounded when the store fails for good: what waits is one
/// entry per market (latest wins) and the cash. Writes never overlap, and disposing writes what is still pending.
/// </summary>
public sealed class PositionCacheWriter : IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How long disposal waits for the last write.</summary>
    public static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(5);

    private readonly UserPortfolio _portfolio;
    private readonly IPortfolioStore _store;
    private readonly StreamingOptions _options;
    private readonly PortfolioMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _signaled;
    private int _disposed;
    private Dictionary<string, PositionState?> _pending = new(StringComparer.Ordinal);
    private decimal? _pendingCash;
    private Task? _run;
    private long _failures;

    private IDisposable? _subscription;

    public PositionCacheWriter(UserPortfolio portfolio, IPortfolioStore store, StreamingOptions options, PortfolioMetrics metrics, TimeProvider time, ILogger logger)
    {
        _portfolio = portfolio;
        _store = store;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Failed write batches since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Changes waiting to be written.</summary>
    public int PendingCount
    {
        get { lock (_gate) { return _pending.Count + (_pendingCash is null ? 0 : 1); } }
    }

    public void Start()
    {
        _subscription = _portfolio.SubscribeChanges(OnPositionsChanged, OnCashChanged);
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Writes everything pending now (used on shutdown and by tests).</summary>
    /// <summary>Writes everything pending now (used on shutdown and by tests). False when the write failed (it stays pending).</summary>
    public Task<bool> FlushAsync(CancellationToken cancellationToken = default) => WriteBatchAsync(cancellationToken);

    // Wakes the loop; many changes between two batches wake it once (the semaphore never counts past one).
    private void Signal()
    {
        if (Interlocked.Exchange(ref _signaled, 1) == 0)
        {
            _signal.Release();
        }
    }

    private void OnPositionsChanged(IReadOnlyList<PositionChange> changes)
    {
        lock (_gate)
        {
            foreach (var change in changes)
            {
                _pending[change.Ticker] = change.Current;
            }
        }
        Signal();
    }

    private void OnCashChanged(decimal cash)
    {
        lock (_gate)
        {
            _pendingCash = cash;
        }
        Signal();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var retryDelay = _options.CacheRetryDelay;
        var nextFullSync = _time.GetUtcNow() + _options.FullSyncInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var untilSync = nextFullSync - _time.GetUtcNow();
                if (untilSync > TimeSpan.Zero)
                {
                    using var syncDue = new CancellationTokenSource(untilSync, _time);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, syncDue.Token);
                    try
                    {
                        await _signal.WaitAsync(wait.Token).ConfigureAwait(false);
                        Volatile.Write(ref _signaled, 0);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // time for the full sync
                    }
                }

                if (_time.GetUtcNow() >= nextFullSync)
                {
                    await FullSyncAsync(cancellationToken).ConfigureAwait(false);
                    nextFullSync = _time.GetUtcNow() + _options.FullSyncInterval;
                }
                else if (!await WriteBatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    await Task.Delay(retryDelay, _time, cancellationToken).ConfigureAwait(false);
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                    Signal();
                    continue;
                }
                retryDelay = _options.CacheRetryDelay;
                if (_options.CacheWriteInterval > TimeSpan.Zero)
                {
                    await Task.Delay(_options.CacheWriteInterval, _time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    // True when the batch was written (or there was nothing to write); false when it failed and must be retried.
    private async Task<bool> WriteBatchAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await WriteBatchLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<bool> WriteBatchLockedAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, PositionState?> batch;
        decimal? cash;
        lock (_gate)
        {
            if (_pending.Count == 0 && _pendingCash is null)
            {
                return true;
            }
            batch = _pending;
            cash = _pendingCash;
            _pending = new Dictionary<string, PositionState?>(StringComparer.Ordinal);
            _pendingCash = null;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var upserts = batch.Values.OfType<PositionState>().ToList();
            var closed = batch.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
            if (batch.Count > 0)
            {
                await _store.SaveChangesAsync(_portfolio.UserId, upserts, closed, cancellationToken).ConfigureAwait(false);
            }
            if (cash is { } value)
            {
                await _store.SaveCashAsync(_portfolio.UserId, value, cancellationToken).ConfigureAwait(false);
            }
            _metrics.CacheWrite(Stopwatch.GetElapsedTime(started), succeeded: true);
            return true;
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                // Put the batch back under anything newer that arrived meanwhile.
                foreach (var (ticker, state) in batch)
                {
                    _pending.TryAdd(ticker, state);
                }
                _pendingCash ??= cash;
            }
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw; // stopping: the final flush writes it
            }
            Interlocked.Increment(ref _failures);
            _metrics.CacheWrite(Stopwatch.GetElapsedTime(started), succeeded: false);
            _logger.LogWarning(ex, "Writing {Count} cached positions of user {UserId} failed; will retry", batch.Count, _portfolio.UserId);
            return false;
        }
    }

    private async Task FullSyncAsync(CancellationToken cancellationToken)
    {
        if (!_portfolio.IsLive)
        {
            return; // never overwrite the cache with what was read from it
        }
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var positions = _portfolio.GetPositions();
            var cash = _portfolio.GetView().Summary.Cash;
            await _store.ReplaceAllAsync(_portfolio.UserId, positions, cancellationToken).ConfigureAwait(false);
            await _store.SaveCashAsync(_portfolio.UserId, cash, cancellationToken).ConfigureAwait(false);
            _metrics.CacheWrite(Stopwatch.GetElapsedTime(started), succeeded: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            _metrics.CacheWrite(Stopwatch.GetElapsedTime(started), succeeded: false);
            _logger.LogWarning(ex, "Full cache sync of user {UserId} failed; will retry at the next sync", _portfolio.UserId);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Stops the writer; what is still pending is written once more (bounded by <see cref="FinalFlushTimeout"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _subscription?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }
        using var timeout = new CancellationTokenSource(FinalFlushTimeout);
        try
        {
            await WriteBatchAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("The last cache write of user {UserId} did not finish in time", _portfolio.UserId);
        }
        _stop.Dispose();
    }
}
