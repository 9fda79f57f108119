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
/// whatever a failed write left behind.
/// </summary>
public sealed class PositionCacheWriter : IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly UserPortfolio _portfolio;
    private readonly IPortfolioStore _store;
    private readonly StreamingOptions _options;
    private readonly PortfolioMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _signal = new(0);
    private Dictionary<string, PositionState?> _pending = new(StringComparer.Ordinal);
    private decimal? _pendingCash;
    private Task? _run;
    private long _failures;

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
        _portfolio.PositionsChanged += OnPositionsChanged;
        _portfolio.CashChanged += OnCashChanged;
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Writes everything pending now (used on shutdown and by tests).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await WriteBatchAsync(cancellationToken).ConfigureAwait(false);
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
        _signal.Release();
    }

    private void OnCashChanged(decimal cash)
    {
        lock (_gate)
        {
            _pendingCash = cash;
        }
        _signal.Release();
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
                    _signal.Release();
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
            await _store.SaveChangesAsync(_portfolio.UserId, upserts, closed, cancellationToken).ConfigureAwait(false);
            if (cash is { } value)
            {
                await _store.SaveCashAsync(_portfolio.UserId, value, cancellationToken).ConfigureAwait(false);
            }
            _metrics.CacheWrite(Stopwatch.GetElapsedTime(started), succeeded: true);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            _metrics.CacheWrite(Stopwatch.GetElapsedTime(started), succeeded: false);
            _logger.LogWarning(ex, "Writing {Count} cached positions of user {UserId} failed; will retry", batch.Count, _portfolio.UserId);
            lock (_gate)
            {
                // Put the batch back under anything newer that arrived meanwhile.
                foreach (var (ticker, state) in batch)
                {
                    _pending.TryAdd(ticker, state);
                }
                _pendingCash ??= cash;
            }
            return false;
        }
    }

    private async Task FullSyncAsync(CancellationToken cancellationToken)
    {
        if (!_portfolio.IsLive)
        {
            return; // never overwrite the cache with what was read from it
        }
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
    }

    public async ValueTask DisposeAsync()
    {
        _portfolio.PositionsChanged -= OnPositionsChanged;
        _portfolio.CashChanged -= OnCashChanged;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }
        _stop.Dispose();
        _signal.Dispose();
    }
}
