using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Errors;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// The socket's life, as a plain loop: connect; on failure wait (2, 4, 8, 16, 32 s, capped, with jitter) and try
/// again; once open, subscribe, have the truth loop verify, then watch: probe a quiet socket every
/// <see cref="StreamingOptions.ProbeInterval"/>, mark it silent (not live) after <see cref="StreamingOptions.SilenceWarning"/>,
/// replace it after <see cref="StreamingOptions.SilenceTimeout"/>; check the exchange status every
/// <see cref="StreamingOptions.ExchangeStatusInterval"/>. In maintenance it waits on the exchange status instead of
/// retrying. A refused key ends the loop (<see cref="CredentialsRejectedException"/>); any other failure is a failed
/// attempt, so the link never dies of one.
/// </summary>
internal sealed class ConnectionLoop(
    UserPortfolio portfolio,
    KalshiEndpoints endpoints,
    KalshiSigner signer,
    IKalshiSocketFactory sockets,
    SocketCommands commands,
    MessageRouter router,
    Reconciler reconciler,
    MaintenanceWatch maintenance,
    DailyBaseline baseline,
    BackgroundWork background,
    LinkStatusWriter status,
    StreamingOptions options,
    PortfolioMetrics metrics,
    TimeProvider time,
    ILogger logger,
    ReconnectBackoff backoff,
    CancellationToken stopping)
{
    private const string MaintenanceFailure = "maintenance";
    private long _nextAttemptTicks;
    private long _connectedSinceTicks;

    public DateTimeOffset? NextAttemptAt => FromTicks(Interlocked.Read(ref _nextAttemptTicks));

    public DateTimeOffset? ConnectedSince => FromTicks(Interlocked.Read(ref _connectedSinceTicks));

    public async Task RunAsync()
    {
        var failures = 0;
        // No socket is tried while the exchange is in maintenance: ask first.
        await maintenance.CheckAsync(options.ExchangeStatusInterval, stopping).ConfigureAwait(false);
        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            if (status.InMaintenance)
            {
                await WaitForMaintenanceEndAsync().ConfigureAwait(false);
            }
            string? failure;
            try
            {
                failure = await ConnectAndWatchAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or CredentialsRejectedException))
            {
                logger.LogError(ex, "The Kalshi link of user {UserId} failed unexpectedly; retrying", portfolio.UserId);
                status.Dropped("Internal error; reconnecting.");
                failure = "internal error";
            }
            if (failure == MaintenanceFailure)
            {
                continue; // wait on the exchange status instead
            }
            if (failure is null)
            {
                failures = 0; // connected, then dropped: the first retry waits the base delay again
            }
            failures++;
            var delay = backoff.DelayFor(failures);
            Interlocked.Exchange(ref _nextAttemptTicks, (time.GetUtcNow() + delay).UtcTicks);
            logger.LogDebug("Kalshi WebSocket of user {UserId}: next attempt in {Delay}", portfolio.UserId, delay);
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
        }
    }

    // Maintenance was just seen: wait an interval, ask again, until the exchange reopens.
    private async Task WaitForMaintenanceEndAsync()
    {
        do
        {
            Interlocked.Exchange(ref _nextAttemptTicks, (time.GetUtcNow() + options.MaintenanceCheckInterval).UtcTicks);
            await Task.Delay(options.MaintenanceCheckInterval, time, stopping).ConfigureAwait(false);
        }
        while (await maintenance.CheckAsync(options.MaintenanceCheckInterval, stopping).ConfigureAwait(false));
    }

    // Returns null when the socket was open and then ended, else why connecting failed.
    private async Task<string?> ConnectAndWatchAsync()
    {
        var socket = sockets.Create(endpoints.WebSocketUri, signer);
        var dropped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.MessageReceived += router.OnMessage;
        socket.Closed += reason => dropped.TrySetResult(reason);
        try
        {
            try
            {
                await socket.ConnectAsync(stopping).ConfigureAwait(false);
            }
            catch (KalshiSocketException ex) when (ex.IsAuthenticationFailure)
            {
                throw new CredentialsRejectedException(ex.Message, ex);
            }
            catch (KalshiSocketException ex)
            {
                if (await maintenance.CheckAsync(options.ExchangeStatusInterval, stopping).ConfigureAwait(false))
                {
                    return MaintenanceFailure; // a refused socket is expected then; not a failure
                }
                status.ConnectFailed(ex.Message);
                logger.LogWarning("Kalshi WebSocket of user {UserId}: connect attempt {Attempt} failed: {Error}", portfolio.UserId, status.FailedConnects, ex.Message);
                reconciler.Nudge(); // polling starts at once
                return ex.Message;
            }

            await OnConnectedAsync(socket).ConfigureAwait(false);
            var reason = await WatchAsync(socket, dropped.Task).ConfigureAwait(false);
            logger.LogWarning("Kalshi WebSocket of user {UserId} dropped: {Reason}", portfolio.UserId, reason);
            status.Dropped("WebSocket " + reason);
            reconciler.Nudge(); // polling starts at once
            return null;
        }
        finally
        {
            commands.Detach();
            Interlocked.Exchange(ref _connectedSinceTicks, 0);
            socket.MessageReceived -= router.OnMessage;
            await socket.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task OnConnectedAsync(IKalshiSocket socket)
    {
        var now = time.GetUtcNow();
        Interlocked.Exchange(ref _nextAttemptTicks, 0);
        Interlocked.Exchange(ref _connectedSinceTicks, now.UtcTicks);
        var reconnected = status.HasConnected; // the status writer keeps whether a socket was ever up
        if (reconnected)
        {
            metrics.Reconnected();
        }
        var positionsSubscribed = router.OnNewSocket();
        commands.Attach(socket, portfolio.GetPositions().Select(p => p.Ticker));
        status.Connected();
        logger.LogInformation("Kalshi WebSocket of user {UserId} connected{Again}", portfolio.UserId, reconnected ? " again" : "");

        // A full snapshot once Kalshi confirms the market_positions subscription: what changed before it (while
        // the socket was down, or between the snapshot at start and now) is in the snapshot; what changes after it
        // arrives as messages. Nothing falls in between. Only then are the figures live.
        try
        {
            await positionsSubscribed.WaitAsync(options.ConnectTimeout, time, stopping).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogDebug("Kalshi did not confirm the subscription of user {UserId} in time; reconciling anyway", portfolio.UserId);
        }
        reconciler.NoteSocketConnected();
        try
        {
            await reconciler.RunNowAsync(reconnected ? ReconcileReason.Reconnect : ReconcileReason.Connect, stopping).ConfigureAwait(false);
        }
        catch (KalshiApiException ex) when (ex is not KalshiAuthenticationException { IsTimestampRefused: false })
        {
            logger.LogWarning("Kalshi REST for user {UserId} failed after connecting: {Error}; retrying", portfolio.UserId, ex.Message);
            reconciler.Request(ReconcileReason.FailedStep);
        }
    }

    // Probes a quiet socket, marks a silent one, and replaces it. Returns why the socket ended.
    private async Task<string> WatchAsync(IKalshiSocket socket, Task<string> dropped)
    {
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var silent = false;
        while (true)
        {
            var tick = Task.Delay(options.ProbeInterval, time, probing.Token);
            var first = await Task.WhenAny(dropped, tick).ConfigureAwait(false);
            if (first == dropped)
            {
                await probing.CancelAsync().ConfigureAwait(false);
                return await dropped.ConfigureAwait(false);
            }
            stopping.ThrowIfCancellationRequested();

            var quiet = time.GetUtcNow() - router.LastMessageAt;
            if (quiet >= options.SilenceTimeout)
            {
                try
                {
                    await socket.CloseAsync("silent").WaitAsync(TimeSpan.FromSeconds(2), stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // a silent peer may not answer the close; the socket is disposed anyway
                }
                return $"went silent (nothing for {quiet.TotalSeconds:0} s); replacing it";
            }
            if (quiet >= options.SilenceWarning)
            {
                if (!silent)
                {
                    silent = true;
                    router.NoteSilent();
                    status.Silent(quiet);
                    logger.LogWarning("Kalshi WebSocket of user {UserId} is silent ({Quiet:0} s); figures are checked over REST", portfolio.UserId, quiet.TotalSeconds);
                    reconciler.Nudge();
                }
            }
            else
            {
                silent = false;
            }
            var interval = status.InMaintenance ? options.MaintenanceCheckInterval : options.ExchangeStatusInterval;
            if (maintenance.IsDue(interval))
            {
                background.Run(() => maintenance.CheckAsync(interval, stopping));
            }
            if (baseline.IsDue)
            {
                background.Run(() => baseline.EnsureAsync(stopping));
            }
            commands.Probe();
        }
    }

    private static DateTimeOffset? FromTicks(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
