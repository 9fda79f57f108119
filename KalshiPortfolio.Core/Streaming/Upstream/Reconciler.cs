using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Core.Portfolio;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// The truth loop: proves the portfolio agrees with Kalshi's REST state (balance, every position, the held markets'
/// quotes) and corrects it where it does not (Kalshi wins). A check runs when asked (a malformed frame, a failed step,
/// a sequence gap, a reconnect: coalesced, at most once per <see cref="StreamingOptions.ReconcileMinInterval"/>), on
/// a timer (every <see cref="StreamingOptions.VerifyInterval"/> while live; every
/// <see cref="StreamingOptions.PollInterval"/> while not — the degraded polling), and a failed check is retried
/// (1, 2, 3 s…) until one succeeds. Differences are logged and counted. Paused while the exchange is in maintenance.
/// </summary>
internal sealed class Reconciler
{
    private const int MarketBatchSize = 100;

    private readonly UserPortfolio _portfolio;
    private readonly AuthenticatedKalshiClient _rest;
    private readonly StreamingOptions _options;
    private readonly PortfolioMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LinkStatusWriter _status;
    private readonly DegradedPolling _polling;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _requestGate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReconcileReason? _requested;
    private long _lastRunTicks;
    private int _failures;
    private long _socketEpoch;
    private long _runs;
    private long _corrections;

    public Reconciler(
        UserPortfolio portfolio,
        AuthenticatedKalshiClient rest,
        StreamingOptions options,
        PortfolioMetrics metrics,
        TimeProvider time,
        ILogger logger,
        LinkStatusWriter status)
    {
        _portfolio = portfolio;
        _rest = rest;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _status = status;
        _polling = new DegradedPolling(options, status);
    }

    /// <summary>Raised with the positions closed by a snapshot (their markets may have settled).</summary>
    public Action<PositionChange>? Closed { get; set; }

    /// <summary>Awaited after every successful check, before the next one (the held markets may have changed).</summary>
    public Func<CancellationToken, Task>? Succeeded { get; set; }

    /// <summary>Asked for the exchange status after a REST failure that may mean maintenance.</summary>
    public Func<CancellationToken, Task>? CheckMaintenance { get; set; }

    /// <summary>Raised when Kalshi refuses the key during a check.</summary>
    public Action<KalshiAuthenticationException>? CredentialsRefused { get; set; }

    /// <summary>Checks run so far (successful).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Differences corrected so far (positions and cash).</summary>
    public long Corrections => Interlocked.Read(ref _corrections);

    /// <summary>True while the figures come from REST polling (the link is not live).</summary>
    public bool IsPolling => _polling.Active;

    /// <summary>The check asked for and not yet done, if any.</summary>
    public ReconcileReason? Pending { get { lock (_requestGate) { return _requested; } } }

    /// <summary>A new socket was confirmed: the next successful check started after this proves it live.</summary>
    public void NoteSocketConnected() => Interlocked.Increment(ref _socketEpoch);

    /// <summary>Asks for a check soon (coalesced with any other pending request).</summary>
    public void Request(ReconcileReason reason)
    {
        lock (_requestGate)
        {
            _requested ??= reason;
            _wake.TrySetResult();
        }
    }

    /// <summary>Wakes the loop to re-read its schedule (the link's status changed).</summary>
    public void Nudge()
    {
        lock (_requestGate)
        {
            _wake.TrySetResult();
        }
    }

    /// <summary>Runs one check now and waits for it; throws what the REST call threw.</summary>
    public async Task RunNowAsync(ReconcileReason reason, CancellationToken cancellationToken)
    {
        var epoch = Interlocked.Read(ref _socketEpoch);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReconcileLockedAsync(reason, epoch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The loop: waits for a request, a retry or the timer, and checks. Ends when cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake;
            ReconcileReason? requested;
            lock (_requestGate)
            {
                wake = _wake.Task;
                requested = _requested;
            }
            var now = _time.GetUtcNow().UtcTicks;
            var delay = NextDelay(requested, now);
            if (delay > TimeSpan.Zero)
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timer = Task.Delay(delay, _time, waiting.Token);
                var first = await Task.WhenAny(wake, timer).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (first == wake)
                {
                    ResetWake(wake);
                    continue; // re-read the schedule with the new request
                }
            }
            ResetWake(wake);
            if (_status.InMaintenance)
            {
                // The maintenance watch ends the pause (and asks for a check) when Kalshi reopens.
                await WaitForWakeAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            ReconcileReason reason;
            lock (_requestGate)
            {
                reason = _requested ?? (_status.IsLive ? ReconcileReason.Verify : ReconcileReason.Poll);
                _requested = null;
            }
            try
            {
                await RunNowAsync(reason, cancellationToken).ConfigureAwait(false);
                _failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (KalshiAuthenticationException ex) when (!ex.IsTimestampRefused)
            {
                CredentialsRefused?.Invoke(ex);
                return;
            }
            catch (Exception ex)
            {
                _failures++;
                lock (_requestGate)
                {
                    _requested ??= reason == ReconcileReason.Verify || reason == ReconcileReason.Poll ? ReconcileReason.FailedStep : reason;
                }
                await OnFailedAsync(ex, reason, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan NextDelay(ReconcileReason? requested, long now)
    {
        var since = TimeSpan.FromTicks(now - Interlocked.Read(ref _lastRunTicks));
        if (_failures > 0)
        {
            var retry = TimeSpan.FromTicks(Math.Min(
                _options.ReconcileRetryBaseDelay.Ticks * Math.Min(_failures, 30),
                _options.ReconcileRetryMaxDelay.Ticks));
            return retry - since;
        }
        if (requested is not null)
        {
            return _options.ReconcileMinInterval - since;
        }
        return _polling.Interval(_status.IsLive) - since;
    }

    private void ResetWake(Task seen)
    {
        lock (_requestGate)
        {
            if (_wake.Task == seen && seen.IsCompleted)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private async Task WaitForWakeAsync(CancellationToken cancellationToken)
    {
        Task wake;
        lock (_requestGate)
        {
            wake = _wake.Task;
        }
        await wake.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task OnFailedAsync(Exception ex, ReconcileReason reason, CancellationToken cancellationToken)
    {
        if (ex is KalshiApiException api)
        {
            _logger.LogWarning("Checking user {UserId} against Kalshi ({Reason}) failed: {Error}; retrying", _portfolio.UserId, reason, api.Message);
            if (api is KalshiUnavailableException or KalshiServerException or KalshiNetworkException && CheckMaintenance is { } check)
            {
                await check(cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            _logger.LogError(ex, "Checking user {UserId} against Kalshi ({Reason}) failed unexpectedly; retrying", _portfolio.UserId, reason);
        }
    }

    private async Task ReconcileLockedAsync(ReconcileReason reason, long epoch, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastRunTicks, _time.GetUtcNow().UtcTicks);
        try
        {
            // Markets the WebSocket changes while this snapshot is in flight keep the WebSocket's (newer) state;
            // a fill after the cash mark keeps the cash marked stale.
            var liveMark = _portfolio.LiveMark;
            var cashMark = _portfolio.CashMark;
            var cashBefore = _portfolio.GetView().Summary.Cash;
            var balance = await _rest.GetBalanceAsync(cancellationToken).ConfigureAwait(false);
            var positions = await _rest.GetPositionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var held = positions.MarketPositions.Where(p => p.Position != 0).ToList();
            var markets = await FetchMarketsAsync(held.Select(p => p.Ticker), cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            // Flat rows too: they carry the realized P&L of positions closed while nobody watched.
            var updates = positions.MarketPositions.Select(p => new PositionUpdate
            {
                Ticker = p.Ticker,
                Position = p.Position,
                Cost = p.MarketExposure,
                RealizedPnl = p.RealizedPnl,
                FeesPaid = p.FeesPaid,
                UpdatedAt = p.LastUpdated ?? now,
                MarketTitle = markets.GetValueOrDefault(p.Ticker)?.Title,
                EventTicker = markets.GetValueOrDefault(p.Ticker)?.EventTicker,
            }).ToList();
            var quotes = markets.Values.Select(m => m.ToQuote(now)).ToList();

            // Differences are against what was served before: Kalshi's earlier state, or the cache after a restart.
            // A first load with nothing before it is not a difference.
            var comparable = _portfolio.IsLive || _portfolio.CachedAt is not null;
            // A row Kalshi sent but that could not be read is not a flat market: it keeps what the app holds for it
            // (all of them when even the row's ticker was unreadable).
            var keep = positions.Skipped.Any(s => s is { Kind: KalshiInputKind.MarketPosition, Key: null })
                ? _portfolio.GetPositions().Select(p => p.Ticker).ToHashSet(StringComparer.Ordinal)
                : positions.SkippedMarketTickers;
            // A held market whose quote REST did not give (its row unusable or missing) is not confirmed by this snapshot.
            var unquoted = held.Select(p => p.Ticker).Where(t => !markets.ContainsKey(t)).ToHashSet(StringComparer.Ordinal);
            var changes = _portfolio.ApplySnapshot(updates, quotes, balance.Cash, liveMark, cashMark, keep, unquoted);
            var differences = changes.Count(IsCorrection) + (cashBefore != balance.Cash && reason is not ReconcileReason.PositionChanged ? 1 : 0);
            if (comparable && differences > 0)
            {
                Interlocked.Add(ref _corrections, differences);
                _metrics.ReconcileDifferences(differences);
                _logger.LogInformation("Reconciled user {UserId} with Kalshi ({Reason}): {Count} difference(s) corrected", _portfolio.UserId, reason, differences);
            }
            Interlocked.Increment(ref _runs);
            if (epoch == Interlocked.Read(ref _socketEpoch) && epoch > 0)
            {
                _status.Verified();
            }
            if (Succeeded is { } succeeded)
            {
                await succeeded(cancellationToken).ConfigureAwait(false);
            }
            foreach (var closed in changes.Where(c => c.Kind == PositionChangeKind.Closed))
            {
                Closed?.Invoke(closed);
            }
        }
        catch (KalshiApiException ex)
        {
            _metrics.RestError(ex.Kind);
            throw;
        }
    }

    // A correction is a quantity that differed, or money beyond the socket's rounding (it sends 4 decimals, REST 6).
    private static bool IsCorrection(PositionChange change) =>
        change.Previous?.Position != change.Current?.Position
        || Math.Abs((change.Previous?.Cost ?? 0m) - (change.Current?.Cost ?? 0m)) >= 0.0001m
        || Math.Abs((change.Previous?.RealizedPnl ?? 0m) - (change.Current?.RealizedPnl ?? 0m)) >= 0.0001m;

    private async Task<Dictionary<string, KalshiMarket>> FetchMarketsAsync(IEnumerable<string> tickers, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, KalshiMarket>(StringComparer.Ordinal);
        foreach (var batch in tickers.Distinct(StringComparer.Ordinal).Chunk(MarketBatchSize))
        {
            var page = await _rest.GetMarketsAsync(new MarketQuery { Tickers = batch, Limit = MarketBatchSize }, cancellationToken).ConfigureAwait(false);
            foreach (var market in page.Items)
            {
                result[market.Ticker] = market;
            }
        }
        return result;
    }
}
