namespace KalshiPortfolio.Web.Streaming;

/// <summary>
/// What wakes an SSE feed besides its own events: the heartbeat, and the end of the session (token expired or
/// revoked). The feed waits on its queue with <see cref="WaitToken"/>, one cancellable wait and nothing else per
/// idle moment (no <c>Task.WhenAny</c>, no task per wait: a thousand clients at a thousand events a second wait a
/// million times a second); a signal cancels that wait, and the feed then calls <see cref="Rearm"/> and reads the
/// signals.
/// </summary>
internal sealed class FeedSignals : IDisposable
{
    private readonly CancellationToken _aborted;
    private readonly ITimer _heartbeat;
    private CancellationTokenSource _wake;
    private int _heartbeatDue;
    private string? _endReason;

    public FeedSignals(TimeProvider time, TimeSpan heartbeatInterval, CancellationToken aborted)
    {
        _aborted = aborted;
        _wake = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _heartbeat = time.CreateTimer(static state => ((FeedSignals)state!).OnHeartbeat(), this, heartbeatInterval, heartbeatInterval);
    }

    /// <summary>The token for the next wait on the queue: cancelled by a signal or when the client goes away.</summary>
    public CancellationToken WaitToken => Volatile.Read(ref _wake).Token;

    /// <summary>Why the session ended ("expired" or "revoked"), or null while it goes on.</summary>
    public string? EndReason => Volatile.Read(ref _endReason);

    /// <summary>Ends the feed (the first reason wins).</summary>
    public void End(string reason)
    {
        if (Interlocked.CompareExchange(ref _endReason, reason, null) is null)
        {
            Wake();
        }
    }

    /// <summary>True once per heartbeat interval: time for a heartbeat comment.</summary>
    public bool TakeHeartbeat() => Interlocked.Exchange(ref _heartbeatDue, 0) == 1;

    /// <summary>After a wait was cancelled by a signal: a fresh token for the next wait. Called by the feed only.</summary>
    public void Rearm()
    {
        var old = Volatile.Read(ref _wake);
        Volatile.Write(ref _wake, CancellationTokenSource.CreateLinkedTokenSource(_aborted));
        old.Dispose();
    }

    private void OnHeartbeat()
    {
        Volatile.Write(ref _heartbeatDue, 1);
        Wake();
    }

    // The signal is recorded before the wait is cancelled, and the feed reads the signals after it re-arms, so a
    // signal racing a re-arm is never lost (at worst it cancels the token that was just replaced).
    private void Wake()
    {
        try
        {
            Volatile.Read(ref _wake).Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        Volatile.Read(ref _wake).Dispose();
    }
}
