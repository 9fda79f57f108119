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
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IKalshiSocket? _socket;
    private CancellationTokenSource? _polling;
    private Task? _run;
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
        _backoff = new ReconnectBackoff(options.ReconnectBaseDelay, options.ReconnectMaxDelay, options.ReconnectJitter, jitter);
        _connectPipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not (CredentialsRejectedException or KalshiAuthenticationException or OperationCanceledException)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(NextDelay(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    NextAttemptAt = _time.GetUtcNow() + args.RetryDelay;
                    _logger.LogDebug("Kalshi WebSocket of user {UserId}: next attempt in {Delay}", _portfolio.UserId, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>When the next connection attempt is due (null while connected).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Frames from Kalshi that could not be read (ignored).</summary>
    public long MalformedFrames => Interlocked.Read(ref _malformedFrames);

    /// <summary>Consecutive failed connection attempts.</summary>
    public int FailedConnects => Volatile.Read(ref _failedConnects);

    /// <summary>When the current socket connected, or null when none is connected.</summary>
    public DateTimeOffset? ConnectedSince { get; private set; }

    /// <summary>Raised when Kalshi refuses the user's key.</summary>
    public event Action<string>? CredentialsRejected;

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

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
            ConnectedSince = null;
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
        NextAttemptAt = null;
        ConnectedSince = now;
        var reconnected = _everConnected;
        _everConnected = true;
        if (reconnected)
        {
            Interlocked.Increment(ref _reconnects);
            _metrics.Reconnected();
        }

        _tickers.SetHeld(_portfolio.GetPositions().Select(p => p.Ticker));
        Send(socket, _tickers.OnConnected());
        StopPolling();
        _portfolio.UpdateStatus(s => s with
        {
            State = ConnectionState.Connected,
            ReconnectCount = Volatile.Read(ref _reconnects),
            LastError = null,
            ExchangeMaintenance = false,
        });
        _logger.LogInformation("Kalshi WebSocket of user {UserId} connected{Again}", _portfolio.UserId, reconnected ? " again" : "");

        if (reconnected)
        {
            // Whatever happened while the socket was down (a fill, a settlement) comes from a full snapshot.
            try
            {
                await ReconcileAsync("reconnect", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is KalshiApiException and not KalshiAuthenticationException)
            {
                await NoteRestFailureAsync(ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task OnConnectFailedAsync(KalshiSocketException ex, CancellationToken cancellationToken)
    {
        var failed = Interlocked.Increment(ref _failedConnects);
        _logger.LogWarning("Kalshi WebSocket of user {UserId}: connect attempt {Attempt} failed: {Error}", _portfolio.UserId, failed, ex.Message);
        var degraded = failed >= _options.FailuresBeforeDegraded;
        _portfolio.UpdateStatus(s => s with
        {
            State = degraded ? ConnectionState.Degraded : ConnectionState.KalshiReconnecting,
            ReconnectCount = Volatile.Read(ref _reconnects),
            LastError = ex.Message,
        });
        if (degraded)
        {
            StartPolling();
        }
        await CheckMaintenanceAsync(cancellationToken, throwWhenInMaintenance: false).ConfigureAwait(false);
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
            EnsureBaselineForToday();
            Send(socket, [_tickers.Probe()]);
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
                    Send(_socket, _tickers.OnSubscribed(subscribed.Id, subscribed.Channel, subscribed.Sid));
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
                Send(_socket, _tickers.Add(message.MarketTicker));
                _ = FetchMarketAsync(message.MarketTicker);
                break;
            case PositionChangeKind.Closed:
                Send(_socket, _tickers.Remove(message.MarketTicker));
                _ = SettleIfSettledAsync(change);
                break;
        }
    }

    private void Send(IKalshiSocket? socket, IReadOnlyList<KalshiWsCommand> commands)
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
            var balance = await _rest.GetBalanceAsync(cancellationToken).ConfigureAwait(false);
            var positions = await _rest.GetPositionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var held = positions.MarketPositions.Where(p => p.Position != 0).ToList();
            var markets = await FetchMarketsAsync(held.Select(p => p.Ticker), cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var updates = held.Select(p => new PositionUpdate
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

            var changes = _portfolio.ApplySnapshot(updates, quotes, balance.Cash);
            var differences = changes.Count(c => c.Previous?.Position != c.Current?.Position || c.Previous?.Cost != c.Current?.Cost);
            if (reason != "start" && differences > 0)
            {
                _metrics.ReconcileDifferences(differences);
                _logger.LogInformation("Reconciled user {UserId} with Kalshi ({Reason}): {Count} position(s) corrected", _portfolio.UserId, reason, differences);
            }
            Send(_socket, _tickers.SetHeld(held.Select(p => p.Ticker)));
            foreach (var closed in changes.Where(c => c.Kind == PositionChangeKind.Closed))
            {
                _ = SettleIfSettledAsync(closed);
            }
            if (_maintenance)
            {
                _maintenance = false;
                _portfolio.UpdateStatus(s => s with { ExchangeMaintenance = false });
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
            var market = await _rest.GetMarketAsync(ticker, _stop.Token).ConfigureAwait(false);
            _portfolio.ApplyMarket(ticker, market.Title, market.EventTicker, market.ToQuote(_time.GetUtcNow()));
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

    // A position that left: if its market settled, its realized P&L includes the payout (Kalshi pays $1 per
    // winning contract). The cash changed either way.
    private async Task SettleIfSettledAsync(PositionChange closed)
    {
        try
        {
            var page = await _rest.GetSettlementsPageAsync(new SettlementQuery { Ticker = closed.Ticker, Limit = 1 }, _stop.Token).ConfigureAwait(false);
            if (page.Items is [var settlement, ..] && closed.Previous is { } last)
            {
                var payout = settlement.Revenue - (settlement.YesTotalCost + settlement.NoTotalCost);
                _portfolio.ApplyRealized(closed.Ticker, last.RealizedPnl + payout);
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
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, _stop.Token).ConfigureAwait(false);
                Volatile.Write(ref _balanceRefreshScheduled, 0);
                var balance = await _rest.GetBalanceAsync(_stop.Token).ConfigureAwait(false);
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
        if (_polling is not null)
        {
            return;
        }
        var polling = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _polling = polling;
        _logger.LogWarning("User {UserId} degraded to REST polling every {Interval}", _portfolio.UserId, _options.PollInterval);
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(_options.PollInterval, _time);
            try
            {
                while (await timer.WaitForNextTickAsync(polling.Token).ConfigureAwait(false))
                {
                    try
                    {
                        if (!_maintenance)
                        {
                            await ReconcileAsync("poll", polling.Token).ConfigureAwait(false);
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
                        await NoteRestFailureAsync(ex, polling.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private void StopPolling()
    {
        var polling = Interlocked.Exchange(ref _polling, null);
        if (polling is not null)
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
    private async Task CheckMaintenanceAsync(CancellationToken cancellationToken, bool throwWhenInMaintenance = true)
    {
        KalshiPortfolio.Core.Kalshi.Models.KalshiExchangeStatus status;
        try
        {
            status = await _rest.GetExchangeStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KalshiApiException)
        {
            return; // can't tell; carry on with the normal backoff
        }
        if (status.ExchangeActive)
        {
            if (_maintenance)
            {
                _maintenance = false;
                _logger.LogInformation("Kalshi is out of maintenance; reconnecting user {UserId}", _portfolio.UserId);
                _portfolio.UpdateStatus(s => s with { ExchangeMaintenance = false });
            }
            return;
        }
        if (!_maintenance)
        {
            _logger.LogInformation("Kalshi is in maintenance; user {UserId} waits for it", _portfolio.UserId);
        }
        _maintenance = true;
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
    }

    private void EnsureBaselineForToday()
    {
        if (_portfolio.IsLive && _portfolio.BaselineDay != TradingDay.Of(_time.GetUtcNow()))
        {
            _ = EnsureBaselineAsync(_stop.Token);
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

    public async ValueTask DisposeAsync()
    {
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
        _stop.Dispose();
        _reconcileGate.Dispose();
    }
}
