namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// Fans one user's portfolio events out to any number of subscribers, each with its own bounded queue.
/// Keeps the most recent events so a subscriber that reconnects with the last id it saw gets exactly what
/// it missed; when those are gone, it gets a fresh snapshot instead.
/// </summary>
/// <remarks>
/// Ids start from the creation time in milliseconds × 1000 and grow by one per event, so an id from before a
/// restart is never mistaken for one of this process's (it is older than anything buffered: snapshot).
/// </remarks>
public sealed class PortfolioEventHub
{
    public const int DefaultSubscriberCapacity = 1000;
    public const int DefaultReplayCapacity = 1000;

    private readonly Lock _gate;
    private readonly Func<SnapshotEvent> _snapshot;
    private readonly TimeProvider _time;
    private readonly int _subscriberCapacity;
    private readonly PortfolioEvent[] _replay;
    private PortfolioSubscription[] _subscribers = [];
    private long _lastId;
    private long _dropped;
    private int _replayCount;
    private int _replayNext;

    /// <param name="snapshot">Builds the current full state; called under the hub's lock so it is consistent with the ids.</param>
    /// <param name="gate">
    /// The lock of the state's owner, when <paramref name="snapshot"/> reads state it guards and the owner publishes
    /// under it: one lock, so a subscribe (hub → state) and a publish (state → hub) can never wait on each other.
    /// </param>
    public PortfolioEventHub(
        Func<SnapshotEvent> snapshot,
        TimeProvider? time = null,
        int subscriberCapacity = DefaultSubscriberCapacity,
        int replayCapacity = DefaultReplayCapacity,
        Lock? gate = null)
    {
        _gate = gate ?? new Lock();
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriberCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replayCapacity, 1);
        _snapshot = snapshot;
        _time = time ?? TimeProvider.System;
        _subscriberCapacity = subscriberCapacity;
        _replay = new PortfolioEvent[replayCapacity];
        _lastId = _time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }

    /// <summary>The id of the last event published.</summary>
    public long LastEventId
    {
        get { lock (_gate) { return _lastId; } }
    }

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Events dropped across every subscriber since the hub was created.</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Events waiting in subscribers' queues, summed.</summary>
    public int QueueDepth => Volatile.Read(ref _subscribers).Sum(s => s.QueueDepth);

    /// <summary>Raised on the publishing thread when a subscriber drops an event (for metrics: keep handlers cheap).</summary>
    public event Action? EventDropped;

    /// <summary>Numbers the event and hands it to every subscriber. Never blocks.</summary>
    public PortfolioEvent Publish(PortfolioEvent portfolioEvent)
    {
        ArgumentNullException.ThrowIfNull(portfolioEvent);
        lock (_gate)
        {
            var numbered = portfolioEvent with { Id = ++_lastId };
            _replay[_replayNext] = numbered;
            _replayNext = (_replayNext + 1) % _replay.Length;
            _replayCount = Math.Min(_replayCount + 1, _replay.Length);
            foreach (var subscriber in _subscribers)
            {
                subscriber.TryWrite(numbered);
            }
            return numbered;
        }
    }

    /// <summary>
    /// Subscribes. Without <paramref name="lastEventId"/> (or when the events after it are no longer kept),
    /// the first event is a snapshot; otherwise the events after it are replayed first.
    /// </summary>
    public PortfolioSubscription Subscribe(long? lastEventId = null)
    {
        var subscription = new PortfolioSubscription(_subscriberCapacity, Unsubscribe, OnDropped);
        lock (_gate)
        {
            var missed = lastEventId is { } resumeAfter ? Missed(resumeAfter) : null;
            if (missed is null)
            {
                subscription.TryWrite(_snapshot() with { Id = _lastId });
            }
            else
            {
                foreach (var e in missed)
                {
                    subscription.TryWrite(e);
                }
            }
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    /// <summary>Ends every subscription (the user signed out or the stream stopped).</summary>
    public void CompleteAll()
    {
        PortfolioSubscription[] all;
        lock (_gate)
        {
            all = _subscribers;
            _subscribers = [];
        }
        foreach (var subscription in all)
        {
            subscription.Complete();
        }
    }

    // The events after resumeAfter, or null when some of them are no longer kept (or the id is not ours).
    private List<PortfolioEvent>? Missed(long resumeAfter)
    {
        if (resumeAfter > _lastId)
        {
            return null;
        }
        var oldestKept = _lastId - _replayCount + 1;
        if (resumeAfter < oldestKept - 1)
        {
            return null;
        }
        var count = (int)(_lastId - resumeAfter);
        if (count > _subscriberCapacity)
        {
            return null; // more than the subscriber's queue holds: a replay would drop part of itself
        }
        var missed = new List<PortfolioEvent>(count);
        for (var i = count; i > 0; i--)
        {
            missed.Add(_replay[((_replayNext - i) % _replay.Length + _replay.Length) % _replay.Length]);
        }
        return missed;
    }

    private void Unsubscribe(PortfolioSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
        }
    }

    private void OnDropped()
    {
        Interlocked.Increment(ref _dropped);
        EventDropped?.Invoke();
    }
}
