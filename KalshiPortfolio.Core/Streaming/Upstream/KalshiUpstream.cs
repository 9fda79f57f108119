using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Errors;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// One user's link to Kalshi, composed of parts with one job each: the <see cref="ConnectionLoop"/> (the socket's
/// life), the <see cref="MessageRouter"/> (frames → portfolio changes), the <see cref="Reconciler"/> (the truth loop
/// and, while not live, the REST polling), the <see cref="MaintenanceWatch"/>, the <see cref="PositionFollowUps"/>
/// (a new market's title, a settlement, the balance after a fill) and the <see cref="LinkStatusWriter"/>, the only
/// writer of the link's status. One socket per user, however many tabs and SSE clients watch.
/// </summary>
public sealed class KalshiUpstream : IAsyncDisposable
{
    private readonly UserPortfolio _portfolio;
    private readonly ILogger _logger;
    // Never disposed: late callers (a refresh racing a sign-out) must see "cancelled", not ObjectDisposedException.
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly LinkStatusWriter _status;
    private readonly BackgroundWork _background;
    private readonly SocketCommands _commands = new();
    private readonly Reconciler _reconciler;
    private readonly MaintenanceWatch _maintenance;
    private readonly MessageRouter _router;
    private readonly ConnectionLoop _loop;
    private readonly DailyBaseline _baseline;
    private Task? _run;
    private int _disposed;

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
        _logger = logger;
        _time = time;
        var stopping = _stop.Token;
        _status = new LinkStatusWriter(portfolio, options.FailuresBeforeDegraded);
        _background = new BackgroundWork(portfolio.UserId, logger, stopping);
        _reconciler = new Reconciler(portfolio, rest, options, metrics, time, logger, _status);
        _maintenance = new MaintenanceWatch(rest, _status, metrics, time, logger, portfolio.UserId);
        var followUps = new PositionFollowUps(portfolio, rest, _reconciler, _background, options, metrics, time, logger, stopping);
        _router = new MessageRouter(portfolio, _commands, _reconciler, followUps, metrics, time, logger);
        _baseline = new DailyBaseline(portfolio, store, time, logger);
        _loop = new ConnectionLoop(
            portfolio, endpoints, signer, sockets, _commands, _router, _reconciler, _maintenance, _baseline, _background,
            _status, options, metrics, time, logger,
            new ReconnectBackoff(options.ReconnectBaseDelay, options.ReconnectMaxDelay, options.ReconnectJitter, jitter),
            stopping);

        _reconciler.Closed = followUps.Closed;
        _reconciler.Succeeded = async ct =>
        {
            _commands.Sync(t => t.SetHeld(_portfolio.GetPositions().Select(p => p.Ticker)));
            if (_baseline.IsDue)
            {
                await _baseline.EnsureAsync(ct).ConfigureAwait(false);
            }
            _firstSnapshot.TrySetResult();
        };
        _reconciler.CheckMaintenance = ct => _maintenance.CheckAsync(options.MaintenanceCheckInterval, ct);
        _reconciler.CredentialsRefused = ex => _ = OnCredentialsRejectedAsync(ex.Message);
        _maintenance.Reopened = () => _reconciler.Request(ReconcileReason.MaintenanceEnded);
        _router.SpokeAgain = () =>
        {
            _status.SpokeAgain();
            _reconciler.Request(ReconcileReason.SilenceEnded);
        };
    }

    /// <summary>What the link is doing, in one read.</summary>
    public UpstreamDiagnostics Diagnostics => new(
        _loop.NextAttemptAt,
        _loop.ConnectedSince,
        _status.FailedConnects,
        _status.Reconnects,
        _router.MalformedFrames,
        _router.SequenceGaps,
        _reconciler.IsPolling,
        _reconciler.Runs,
        _reconciler.Corrections,
        _reconciler.Pending,
        _commands.Desired,
        _commands.TickerSid);

    /// <summary>When the next connection attempt (or, in maintenance, the next status check) is due; null while connected.</summary>
    public DateTimeOffset? NextAttemptAt => _loop.NextAttemptAt;

    /// <summary>Frames from Kalshi that could not be read.</summary>
    public long MalformedFrames => _router.MalformedFrames;

    /// <summary>Consecutive failed connection attempts.</summary>
    public int FailedConnects => _status.FailedConnects;

    /// <summary>When the current socket connected, or null when none is connected.</summary>
    public DateTimeOffset? ConnectedSince => _loop.ConnectedSince;

    /// <summary>The markets whose <c>ticker</c> channel is (to be) subscribed: exactly the markets held.</summary>
    public IReadOnlyCollection<string> SubscribedMarkets => _commands.Desired;

    /// <summary>The id of the <c>ticker</c> subscription on the current socket, once Kalshi acknowledged it.</summary>
    public long? TickerSubscriptionId => _commands.TickerSid;

    /// <summary>True while the figures come from REST polling (the link is not live).</summary>
    public bool IsPolling => _reconciler.IsPolling;

    /// <summary>True once the link has ended (the key was refused, or it was disposed): sign-in starts a new one.</summary>
    public bool HasEnded => _run is { IsCompleted: true } || _stop.IsCancellationRequested;

    /// <summary>Raised when Kalshi refuses the user's key.</summary>
    public event Action<string>? CredentialsRejected;

    public void Start() => _run = Task.Run(RunAsync);

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
    public Task RefreshAsync(CancellationToken cancellationToken = default) => _reconciler.RunNowAsync(ReconcileReason.Refresh, cancellationToken);

    private async Task RunAsync()
    {
        var stopping = _stop.Token;
        try
        {
            try
            {
                await _reconciler.RunNowAsync(ReconcileReason.Start, stopping).ConfigureAwait(false);
            }
            catch (KalshiApiException ex) when (ex is not KalshiAuthenticationException { IsTimestampRefused: false })
            {
                // The truth loop retries; the cache is served meanwhile.
                _logger.LogWarning("Kalshi REST for user {UserId} failed at start: {Error}", _portfolio.UserId, ex.Message);
                _reconciler.Request(ReconcileReason.FailedStep);
            }
            var truth = _reconciler.RunAsync(stopping);
            var socket = _loop.RunAsync();
            var first = await Task.WhenAny(truth, socket).ConfigureAwait(false);
            // Either part ending ends the link; the other is stopped and awaited, so nothing runs on after this.
            await _stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(truth, socket).ConfigureAwait(false);
            }
            catch (Exception) when (first.IsFaulted)
            {
            }
            catch (OperationCanceledException)
            {
            }
            await first.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is CredentialsRejectedException or KalshiAuthenticationException)
        {
            await OnCredentialsRejectedAsync(ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The Kalshi link of user {UserId} stopped unexpectedly", _portfolio.UserId);
            _status.Stopped("Internal error; sign in again to restart the link.");
        }
    }

    private async Task OnCredentialsRejectedAsync(string reason)
    {
        if (_status.IsCredentialsRejected)
        {
            return;
        }
        _logger.LogWarning("Kalshi refused the API key of user {UserId}: {Reason}. Streaming stopped; sign-in required", _portfolio.UserId, reason);
        _status.CredentialsRejected();
        await _stop.CancelAsync().ConfigureAwait(false);
        CredentialsRejected?.Invoke(reason);
    }

    /// <summary>Stops the link: the socket closes, polling stops, and every piece of side work has ended on return.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
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
        await _background.DrainAsync().ConfigureAwait(false);
    }
}
