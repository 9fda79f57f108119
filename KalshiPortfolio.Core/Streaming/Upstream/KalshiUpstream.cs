using System.Collections.Concurrent;
using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Core.Portfolio;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// One user's link to Kalshi: the WebSocket (one per user, however many tabs and SSE clients watch), the REST
/// snapshots that reconcile the portfolio (at start, after every reconnect, and while degraded), and the
/// handlers that turn Kalshi's messages into portfolio changes.
/// </summary>
/// <remarks>
/// Connection attempts run in a Polly retry pipeline on the injected <see cref="TimeProvider"/>: after a drop or
/// a failed connect it waits 2, 4, 8, 16, 32 s (capped) plus jitter; after <see cref="StreamingOptions.FailuresBeforeDegraded"/>
/// failed connects the user is degraded to REST polling while the socket keeps being probed; maintenance waits
/// on the exchange status instead of retrying; a refused key stops everything and asks the user to sign in again.
/// A socket is probed every <see cref="StreamingOptions.ProbeInterval"/> and replaced when silent for
/// <see cref="StreamingOptions.SilenceTimeout"/>.
/// Work started on the side (a new market's title, a settlement, a balance refresh, polling) is tracked, and
/// <see cref="DisposeAsync"/> waits for it, so nothing touches the portfolio once the link is disposed.
/// </remarks>
public sealed class KalshiUpstream : IAsyncDisposable
{
    private const int MarketBatchSize = 100;

    private readonly UserPortfolio _portfolio;
    private readonly AuthenticatedKalshiClient _rest;
    private readonly KalshiEndpoints _endpoints;
    private readonly KalshiSigner _signer;
    private readonly IKalshiSocketFactory _sockets;
    private readonly IPortfolioStore _store;
    private readonly StreamingOptions _options;
    private readonly PortfolioMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly ResiliencePipeline _connectPipeline;
    private readonly TickerSubscriptions _tickers = new();
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    // Never disposed: neither has a timer or a wait handle, and late callers (a refresh racing a sign-out) must
    // see "cancelled", not ObjectDisposedException.
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _stopping;
    private readonly Lock _sendGate = new();
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IKalshiSocket? _socket;
    private TaskCompletionSource? _positionsSubscribed;
    private CancellationTokenSource? _polling;
    private Task? _run;
    private long _nextAttemptTicks;
    private long _connectedSinceTicks;
    private long _nextMaintenanceCheckTicks;
    private int _disposed;
    private int _consecutiveFailures;
    private int _failedConnects;
    private int _reconnects;
    private int _balanceRefreshScheduled;
    private long _lastMessageTicks;
    private long _malformedFrames;
    private bool _everConnected;
    private volatile bool _maintenance;

    public KalshiUpstream(
        UserPortfolio portfolio,
        AuthenticatedKalshiClient rest,
        KalshiEndpoints endpoints,
        KalshiSigner signer,
        IKalshiSocketFactory sockets,
        IPortfolioStore store,
        StreamingOptions options,
        PortfolioMetrics metrics,
        TimeProvider time,
        ILogger logger,
        Func<double>? jitter = null)
    {
        _portfolio = portfolio;
        _rest = rest;
        _endpoints = endpoints;
        _signer = signer;
        _sockets = sockets;
        _store = store;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _stopping = _stop.Token;
        _backoff = new ReconnectBackoff(options.ReconnectBaseDelay, options.ReconnectMaxDelay, options.ReconnectJitter, jitter);
        _connectPipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not (CredentialsRejectedException or KalshiAuthenticationException or OperationCanceledException)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(NextDelay(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    Interlocked.Exchange(ref _nextAttemptTicks, (_time.GetUtcNow() + args.RetryDelay).UtcTicks);
                    _logger.LogDebug("Kalshi WebSocket of user {UserId}: next attempt in {Delay}", _portfolio.UserId, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>When the next connection attempt (or, in maintenance, the next status check) is due; null while connected.</summary>
    public DateTimeOffset? NextAttemptAt => FromTicks(Interlocked.Read(ref _nextAttemptTicks));

    /// <summary>Frames from Kalshi that could not be read (ignored).</summary>
    public long MalformedFrames => Interlocked.Read(ref _malformedFrames);

    /// <summary>Consecutive failed connection attempts.</summary>
    public int FailedConnects => Volatile.Read(ref _failedConnects);

    /// <summary>When the current socket connected, or null when none is connected.</summary>
    public DateTimeOffset? ConnectedSince => FromTicks(Interlocked.Read(ref _connectedSinceTicks));

    /// <summary>The markets whose <c>ticker</c> channel is (to be) subscribed: exactly the markets held.</summary>
    public IReadOnlyCollection<string> SubscribedMarkets => _tickers.Desired;

    /// <summary>The id of the <c>ticker</c> subscription on the current socket, once Kalshi acknowledged it.</summary>
    public long? TickerSubscriptionId => _tickers.Sid;

    /// <summary>True while degraded to REST polling.</summary>
    public bool IsPolling => Volatile.Read(ref _polling) is not null;

    /// <summary>Raised when Kalshi refuses the user's key.</summary>
    public event Action<string>? CredentialsRejected;

    public void Start() => _run = Task.Run(() => RunAsync(_stopping));

    /// <summary>Waits for the first snapshot from Kalshi, up to <paramref name="timeout"/>. False when it did not come in time.</summary>
    public async Task<bool> WaitForFirstSnapshotAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _firstSnapshot.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Fetches a full snapshot from Kalshi now and reconciles (Kalshi wins).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default) => ReconcileAsync("refresh", cancellationToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await ReconcileAsync("start", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is KalshiApiException and not KalshiAuthenticationException)
            {
                // The socket loop below retries; the cache is served meanwhile.
                await NoteRestFailureAsync(ex, cancellationToken).ConfigureAwait(false);
            }
            await _connectPipeline.ExecuteAsync(ConnectAndRunAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is CredentialsRejectedException or KalshiAuthenticationException)
        {
            StopPolling();
            _logger.LogWarning("Kalshi refused the API key of user {UserId}: {Reason}. Streaming stopped; sign-in required", _portfolio.UserId, ex.Message);
            _portfolio.UpdateStatus(s => s with
            {
                State = ConnectionState.Disconnected,
                CredentialsInvalid = true,
                LastError = "Kalshi refused your API key. Sign in again.",
            });
            CredentialsRejected?.Invoke(ex.Message);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The Kalshi link of user {UserId} stopped unexpectedly", _portfolio.UserId);
            _portfolio.UpdateStatus(s => s with { State = ConnectionState.Disconnected, LastError = "Internal error: " + ex.Message });
        }
    }

    private TimeSpan NextDelay(Exception? failure)
    {
        if (failure is ExchangeMaintenanceException)
        {
            return _options.MaintenanceCheckInterval;
        }
        var attempt = Interlocked.Increment(ref _consecutiveFailures);
        return _backoff.DelayFor(attempt);
    }

    private async ValueTask ConnectAndRunAsync(CancellationToken cancellationToken)
    {
        if (_maintenance)
        {
            await CheckMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        }

        var socket = _sockets.Create(_endpoints.WebSocketUri, _signer);
        var dropped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.MessageReceived += OnMessage;
        socket.Closed += reason => dropped.TrySetResult(reason);
        try
        {
            try
            {
                await socket.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (KalshiSocketException ex) when (ex.IsAuthenticationFailure)
            {
                throw new CredentialsRejectedException(ex.Message, ex);
            }
            catch (KalshiSocketException ex)
            {
                await OnConnectFailedAsync(ex, cancellationToken).ConfigureAwait(false);
                throw;
            }

            _socket = socket;
            await OnConnectedAsync(socket, cancellationToken).ConfigureAwait(false);
            var reason = await WatchAsync(socket, dropped.Task, cancellationToken).ConfigureAwait(false);
            OnDropped(reason);
            throw new UpstreamDroppedException(reason);
        }
        finally
        {
            _socket = null;
            Interlocked.Exchange(ref _connectedSinceTicks, 0);
            socket.MessageReceived -= OnMessage;
            await socket.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task OnConnectedAsync(IKalshiSocket socket, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        Interlocked.Exchange(ref _lastMessageTicks, now.UtcTicks);
        Volatile.Write(ref _failedConnects, 0);
        Volatile.Write(ref _consecutiveFailures, 0);
        Interlocked.Exchange(ref _nextAttemptTicks, 0);
        Interlocked.Exchange(ref _connectedSinceTicks, now.UtcTicks);
        var reconnected = _everConnected;
        _everConnected = true;
        if (reconnected)
        {
            Interlocked.Increment(ref _reconnects);
            _metrics.Reconnected();
        }

        var positionsSubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _positionsSubscribed, positionsSubscribed);
        lock (_sendGate)
        {
            _tickers.SetHeld(_portfolio.GetPositions().Select(p => p.Ticker));
            Send(socket, _tickers.OnConnected());
        }
        StopPolling();
        var maintenance = _maintenance;
        _portfolio.UpdateStatus(s => s with
        {
            State = maintenance ? ConnectionState.Degraded : ConnectionState.Connected,
            ReconnectCount = Volatile.Read(ref _reconnects),
            LastError = maintenance ? s.LastError : null,
            ExchangeMaintenance = maintenance,
        });
        _logger.LogInformation("Kalshi WebSocket of user {UserId} connected{Again}", _portfolio.UserId, reconnected ? " again" : "");

        // A full snapshot once Kalshi confirms the market_positions subscription: what changed before it (while
        // the socket was down, or between the snapshot at start and now) is in the snapshot; what changes after it
        // arrives as messages. Nothing falls in between.
        try
        {
            await positionsSubscribed.Task.WaitAsync(_options.ConnectTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogDebug("Kalshi did not confirm the subscription of user {UserId} in time; reconciling anyway", _portfolio.UserId);
        }
        try
        {
            await ReconcileAsync(reconnected ? "reconnect" : "connect", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KalshiApiException and not KalshiAuthenticationException)
        {
            await NoteRestFailureAsync(ex, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OnConnectFailedAsync(KalshiSocketException ex, CancellationToken cancellationToken)
    {
        // In maintenance a refused socket is expected: wait for the exchange, and don't count it as a failure.
        await CheckMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var failed = Interlocked.Increment(ref _failedConnects);
        _logger.LogWarning("Kalshi WebSocket of user {UserId}: connect attempt {Attempt} failed: {Error}", _portfolio.UserId, failed, ex.Message);
        var degraded = failed >= _options.FailuresBeforeDegraded;
        if (degraded)
        {
            // Polling first, so whoever sees the degraded status finds the polling already under way.
            StartPolling();
        }
        _portfolio.UpdateStatus(s => s with
        {
            State = degraded ? ConnectionState.Degraded : ConnectionState.KalshiReconnecting,
            ReconnectCount = Volatile.Read(ref _reconnects),
            LastError = ex.Message,
        });
    }

    private void OnDropped(string reason)
    {
        _logger.LogWarning("Kalshi WebSocket of user {UserId} dropped: {Reason}", _portfolio.UserId, reason);
        _portfolio.UpdateStatus(s => s with
        {
            State = ConnectionState.KalshiReconnecting,
            LastError = "WebSocket " + reason,
        });
    }

    // Probes a quiet socket and replaces a silent one. Returns why the socket ended.
    private async Task<string> WatchAsync(IKalshiSocket socket, Task<string> dropped, CancellationToken cancellationToken)
    {
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            var tick = Task.Delay(_options.ProbeInterval, _time, probing.Token);
            var first = await Task.WhenAny(dropped, tick).ConfigureAwait(false);
            if (first == dropped)
            {
                await probing.CancelAsync().ConfigureAwait(false);
                return await dropped.ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();

            var quiet = _time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastMessageTicks), TimeSpan.Zero);
            if (quiet >= _options.SilenceTimeout)
            {
                var reason = $"went silent (nothing for {quiet.TotalSeconds:0} s); replacing it";
                try
                {
                    await socket.CloseAsync("silent").WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // a silent peer may not answer the close; the socket is disposed anyway
                }
                return reason;
            }
            if (_maintenance && _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _nextMaintenanceCheckTicks))
            {
                await CheckMaintenanceWhileConnectedAsync(cancellationToken).ConfigureAwait(false);
            }
            EnsureBaselineForToday();
            lock (_sendGate)
            {
                Send(socket, [_tickers.Probe()]);
            }
        }
    }

    private void OnMessage(string text)
    {
        try
        {
            var now = _time.GetUtcNow();
            Interlocked.Exchange(ref _lastMessageTicks, now.UtcTicks);
            _portfolio.NoteMessage(now);
            _metrics.MessageReceived();
            switch (KalshiWsMessageParser.Parse(text))
            {
                case KalshiWsTicker ticker:
                    _portfolio.ApplyQuote(ticker.ToQuote(now));
                    break;
                case KalshiWsMarketPosition position:
                    OnMarketPosition(position, now);
                    break;
                case KalshiWsFill:
                    ScheduleBalanceRefresh();
                    break;
                case KalshiWsSubscribed subscribed:
                    if (subscribed.Channel == KalshiWsChannels.MarketPositions)
                    {
                        Volatile.Read(ref _positionsSubscribed)?.TrySetResult();
                    }
                    SyncTickers(t => t.OnSubscribed(subscribed.Id, subscribed.Channel, subscribed.Sid));
                    break;
                case KalshiWsOk { Subscriptions.Count: > 0 } listed:
                    SyncTickers(t => t.OnListed(listed.Id, listed.Subscriptions));
                    break;
                case KalshiWsError error:
                    _tickers.OnError(error.Id);
                    _logger.LogWarning("Kalshi WebSocket of user {UserId} answered error {Code}: {Message}", _portfolio.UserId, error.Code, error.Message);
                    break;
                case KalshiWsMalformed malformed:
                    Interlocked.Increment(ref _malformedFrames);
                    _metrics.MalformedFrame();
                    _logger.LogDebug("Ignored an unreadable frame from Kalshi for user {UserId}: {Reason}", _portfolio.UserId, malformed.Reason);
                    break;
            }
        }
        catch (Exception ex)
        {
            // Never let a handler failure reach the socket's receive loop (it would tear the socket down).
            _logger.LogError(ex, "Handling a Kalshi message for user {UserId} failed", _portfolio.UserId);
        }
    }

    private void OnMarketPosition(KalshiWsMarketPosition message, DateTimeOffset now)
    {
        var previous = _portfolio.GetPosition(message.MarketTicker);
        var change = _portfolio.ApplyPosition(new PositionUpdate
        {
            Ticker = message.MarketTicker,
            Position = message.Position,
            Cost = message.PositionCost ?? previous?.Cost ?? 0m,
            RealizedPnl = message.RealizedPnl ?? previous?.RealizedPnl ?? 0m,
            FeesPaid = message.FeesPaid ?? previous?.FeesPaid ?? 0m,
            UpdatedAt = now,
        });
        switch (change?.Kind)
        {
            case PositionChangeKind.Opened:
                SyncTickers(t => t.Add(message.MarketTicker));
                Track(() => FetchMarketAsync(message.MarketTicker));
                break;
            case PositionChangeKind.Closed:
                SyncTickers(t => t.Remove(message.MarketTicker));
                Track(() => SettleIfSettledAsync(change));
                break;
        }
    }

    // Computes and sends ticker commands under one lock, so commands from the receive loop and from a
    // reconcile reach the socket in the order they were decided.
    private void SyncTickers(Func<TickerSubscriptions, IReadOnlyList<KalshiWsCommand>> decide)
    {
        lock (_sendGate)
        {
            Send(_socket, decide(_tickers));
        }
    }

    private static void Send(IKalshiSocket? socket, IReadOnlyList<KalshiWsCommand> commands)
    {
        if (socket is null)
        {
            return;
        }
        foreach (var command in commands)
        {
            socket.Send(command.Json);
        }
    }

    /// <summary>Full REST snapshot: balance, every position, the held markets' titles and quotes. Kalshi wins.</summary>
    private async Task ReconcileAsync(string reason, CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Markets the WebSocket changes while this snapshot is in flight keep the WebSocket's (newer) state.
            var liveMark = _portfolio.LiveMark;
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
            var changes = _portfolio.ApplySnapshot(updates, quotes, balance.Cash, liveMark);
            var differences = changes.Count(c => c.Previous?.Position != c.Current?.Position || c.Previous?.Cost != c.Current?.Cost);
            if (comparable && differences > 0)
            {
                _metrics.ReconcileDifferences(differences);
                _logger.LogInformation("Reconciled user {UserId} with Kalshi ({Reason}): {Count} position(s) corrected", _portfolio.UserId, reason, differences);
            }
            SyncTickers(t => t.SetHeld(_portfolio.GetPositions().Select(p => p.Ticker)));
            foreach (var closed in changes.Where(c => c.Kind == PositionChangeKind.Closed))
            {
                Track(() => SettleIfSettledAsync(closed));
            }
            if (_maintenance)
            {
                EndMaintenance();
            }
            await EnsureBaselineAsync(cancellationToken).ConfigureAwait(false);
            _firstSnapshot.TrySetResult();
        }
        catch (KalshiApiException ex)
        {
            _metrics.RestError(ex.Kind);
            throw;
        }
        finally
        {
            _reconcileGate.Release();
        }
    }

    private async Task<Dictionary<string, Kalshi.Models.KalshiMarket>> FetchMarketsAsync(IEnumerable<string> tickers, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Kalshi.Models.KalshiMarket>(StringComparer.Ordinal);
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

    // A new position: its market's title and quote, so the card shows them at once.
    private async Task FetchMarketAsync(string ticker)
    {
        try
        {
            var liveMark = _portfolio.LiveMark;
            var market = await _rest.GetMarketAsync(ticker, _stopping).ConfigureAwait(false);
            _portfolio.ApplyMarket(ticker, market.Title, market.EventTicker, market.ToQuote(_time.GetUtcNow()), liveMark);
        }
        catch (Exception ex) when (ex is KalshiApiException or OperationCanceledException)
        {
            if (ex is KalshiApiException api)
            {
                _metrics.RestError(api.Kind);
            }
            _logger.LogDebug("Could not fetch market {Ticker} for user {UserId}: {Error}", ticker, _portfolio.UserId, ex.Message);
        }
    }

    // A position that left: if its market settled, the settlement row's lifetime per-side totals give the market's
    // whole realized P&L (KalshiSettlement.PnlBeforeFees), which replaces what was booked for it — it covers the same
    // trades, so it is never added on top. The cash changed either way.
    private async Task SettleIfSettledAsync(PositionChange closed)
    {
        try
        {
            var page = await _rest.GetSettlementsPageAsync(new SettlementQuery { Ticker = closed.Ticker, Limit = 1 }, _stopping).ConfigureAwait(false);
            if (page.Items is [var settlement, ..])
            {
                _portfolio.ApplyRealized(closed.Ticker, settlement.PnlBeforeFees);
            }
        }
        catch (Exception ex) when (ex is KalshiApiException or OperationCanceledException)
        {
            _logger.LogDebug("Could not read the settlement of {Ticker} for user {UserId}: {Error}", closed.Ticker, _portfolio.UserId, ex.Message);
        }
        ScheduleBalanceRefresh();
    }

    // Fills move cash; Kalshi's socket does not carry the balance, so read it (once for a burst of fills).
    private void ScheduleBalanceRefresh()
    {
        if (Interlocked.Exchange(ref _balanceRefreshScheduled, 1) == 1)
        {
            return;
        }
        Track(async () =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, _stopping).ConfigureAwait(false);
                Volatile.Write(ref _balanceRefreshScheduled, 0);
                var balance = await _rest.GetBalanceAsync(_stopping).ConfigureAwait(false);
                _portfolio.ApplyCash(balance.Cash);
            }
            catch (Exception ex) when (ex is KalshiApiException or OperationCanceledException)
            {
                Volatile.Write(ref _balanceRefreshScheduled, 0);
                _logger.LogDebug("Could not refresh the balance of user {UserId}: {Error}", _portfolio.UserId, ex.Message);
            }
        });
    }

    private void StartPolling()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        var polling = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        if (Interlocked.CompareExchange(ref _polling, polling, null) is not null)
        {
            polling.Dispose();
            return;
        }
        var token = polling.Token;
        _logger.LogWarning("User {UserId} degraded to REST polling every {Interval}", _portfolio.UserId, _options.PollInterval);
        // The timer starts now (not when the task gets a thread), so polls fall every PollInterval from here.
        var timer = new PeriodicTimer(_options.PollInterval, _time);
        Track(async () =>
        {
            using var _ = timer;
            try
            {
                while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
                {
                    try
                    {
                        if (!_maintenance)
                        {
                            await ReconcileAsync("poll", token).ConfigureAwait(false);
                        }
                    }
                    catch (KalshiAuthenticationException ex)
                    {
                        _logger.LogWarning("Kalshi refused the key of user {UserId} while polling: {Error}", _portfolio.UserId, ex.Message);
                        await _stop.CancelAsync().ConfigureAwait(false);
                        _portfolio.UpdateStatus(s => s with { State = ConnectionState.Disconnected, CredentialsInvalid = true, LastError = "Kalshi refused your API key. Sign in again." });
                        CredentialsRejected?.Invoke(ex.Message);
                    }
                    catch (KalshiApiException ex)
                    {
                        await NoteRestFailureAsync(ex, token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                // Whoever takes the source out of _polling disposes it (here, or StopPolling).
                if (Interlocked.CompareExchange(ref _polling, null, polling) == polling)
                {
                    polling.Dispose();
                }
            }
        });
    }

    private void StopPolling()
    {
        if (Interlocked.Exchange(ref _polling, null) is { } polling)
        {
            polling.Cancel();
            polling.Dispose();
        }
    }

    private async Task NoteRestFailureAsync(Exception ex, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Kalshi REST for user {UserId} failed: {Error}", _portfolio.UserId, ex.Message);
        if (ex is KalshiUnavailableException or KalshiServerException or KalshiNetworkException)
        {
            await CheckMaintenanceAsync(cancellationToken, throwWhenInMaintenance: false).ConfigureAwait(false);
        }
    }

    // Asks the exchange whether it is in maintenance; shows maintenance as such rather than as an error loop.
    // Returns true in maintenance (throwing ExchangeMaintenanceException instead when asked to).
    private async Task<bool> CheckMaintenanceAsync(CancellationToken cancellationToken, bool throwWhenInMaintenance = true)
    {
        KalshiPortfolio.Core.Kalshi.Models.KalshiExchangeStatus status;
        try
        {
            status = await _rest.GetExchangeStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KalshiApiException ex)
        {
            _metrics.RestError(ex.Kind);
            return _maintenance; // can't tell; carry on as before
        }
        if (status.ExchangeActive)
        {
            if (_maintenance)
            {
                _logger.LogInformation("Kalshi is out of maintenance; user {UserId} carries on", _portfolio.UserId);
                EndMaintenance();
            }
            return false;
        }
        if (!_maintenance)
        {
            _logger.LogInformation("Kalshi is in maintenance; user {UserId} waits for it", _portfolio.UserId);
        }
        _maintenance = true;
        Interlocked.Exchange(ref _nextMaintenanceCheckTicks, (_time.GetUtcNow() + _options.MaintenanceCheckInterval).UtcTicks);
        _portfolio.UpdateStatus(s => s with
        {
            State = ConnectionState.Degraded,
            ExchangeMaintenance = true,
            LastError = status.EstimatedResumeTime is { } resume ? $"Kalshi is in maintenance until about {resume:HH:mm} UTC." : "Kalshi is in maintenance.",
        });
        if (throwWhenInMaintenance)
        {
            throw new ExchangeMaintenanceException();
        }
        return true;
    }

    private void EndMaintenance()
    {
        _maintenance = false;
        var connected = _socket is not null;
        _portfolio.UpdateStatus(s => s with
        {
            State = connected ? ConnectionState.Connected : s.State,
            ExchangeMaintenance = false,
            LastError = connected || s.ExchangeMaintenance ? null : s.LastError,
        });
    }

    // The socket stayed open through maintenance (REST said so): once it ends, catch up with a snapshot.
    private async Task CheckMaintenanceWhileConnectedAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _nextMaintenanceCheckTicks, (_time.GetUtcNow() + _options.MaintenanceCheckInterval).UtcTicks);
        if (await CheckMaintenanceAsync(cancellationToken, throwWhenInMaintenance: false).ConfigureAwait(false))
        {
            return;
        }
        try
        {
            await ReconcileAsync("maintenance ended", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KalshiApiException and not KalshiAuthenticationException)
        {
            await NoteRestFailureAsync(ex, cancellationToken).ConfigureAwait(false);
        }
    }

    private void EnsureBaselineForToday()
    {
        if (_portfolio.IsLive && _portfolio.BaselineDay != TradingDay.Of(_time.GetUtcNow()))
        {
            Track(() => EnsureBaselineAsync(_stopping));
        }
    }

    // Today's P&L is measured from the total value at the start of Kalshi's trading day (New York), persisted.
    private async Task EnsureBaselineAsync(CancellationToken cancellationToken)
    {
        var today = TradingDay.Of(_time.GetUtcNow());
        if (_portfolio.BaselineDay == today)
        {
            return;
        }
        try
        {
            var total = _portfolio.GetView().Summary.TotalValue;
            var baseline = await _store.GetOrSetBaselineAsync(_portfolio.UserId, today, total, cancellationToken).ConfigureAwait(false);
            _portfolio.SetBaseline(today, baseline);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not record today's baseline for user {UserId}", _portfolio.UserId);
        }
    }

    // Runs side work on the thread pool, logged when it fails, and awaited by DisposeAsync.
    private void Track(Func<Task> work)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Background work for user {UserId} failed", _portfolio.UserId);
            }
        });
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(
            static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
            _background,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static DateTimeOffset? FromTicks(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    /// <summary>Stops the link: the socket closes, polling stops, and every piece of side work has ended on return.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        StopPolling();
        if (_run is not null)
        {
            try
            {
                await _run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        while (!_background.IsEmpty)
        {
            await Task.WhenAll(_background.Keys).ConfigureAwait(false); // each one catches its own failures
        }
    }
}
