using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>
/// One circuit's live view of the signed-in user's portfolio (registered scoped, so one per circuit and
/// disposed with it). It subscribes to the singleton <see cref="IPortfolioStreams"/> once the UI is
/// interactive, applies the events to a private model on a background loop, and publishes an immutable
/// <see cref="LivePortfolioState"/>.
/// </summary>
/// <remarks>
/// Bursts are coalesced: each turn of the loop drains every event already queued, publishes one state,
/// notifies the components once, and then waits for the rest of the frame (<see cref="FrameInterval"/>,
/// measured on the injected <see cref="TimeProvider"/>) before it reads again. A position that updates 50
/// times a second therefore costs at most one render per frame, and a thousand queued events cost one.
/// Event ids increase by one per user; a jump means this tab's queue dropped events, so the loop
/// re-subscribes and starts again from a fresh snapshot.
/// </remarks>
public sealed class LivePortfolio : IAsyncDisposable
{
    /// <summary>The shortest time between two notifications (one 60 Hz frame).</summary>
    public static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(16);

    private readonly Lock _gate = new();
    private readonly IPortfolioStreams? _streams;
    private readonly TimeProvider _time;
    private readonly ILogger<LivePortfolio> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Func<Task>[] _handlers = [];
    private LivePortfolioState _state = LivePortfolioState.Empty;
    private PortfolioSubscription? _subscription;
    private Task _loop = Task.CompletedTask;
    private string? _userId;
    private bool _disposed;

    /// <param name="streams">The live portfolios; null while no streaming service is registered, in which case
    /// the feed reports <see cref="LiveFeed.Unavailable"/>.</param>
    public LivePortfolio(IPortfolioStreams? streams, TimeProvider time, ILogger<LivePortfolio> logger)
    {
        _streams = streams;
        _time = time;
        _logger = logger;
    }

    /// <summary>The latest published state. Safe to read from any thread.</summary>
    public LivePortfolioState State => Volatile.Read(ref _state);

    /// <summary>The user this circuit follows, once started.</summary>
    public string? UserId
    {
        get { lock (_gate) { return _userId; } }
    }

    /// <summary>
    /// Registers a callback run after each published state (on the loop's thread: components must
    /// marshal with <c>InvokeAsync</c>). Dispose the token to unregister.
    /// </summary>
    public IDisposable OnChange(Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            _handlers = [.. _handlers, callback];
        }
        return new Registration(this, callback);
    }

    /// <summary>
    /// Starts following <paramref name="userId"/>. Call it once the component is interactive (from
    /// <c>OnAfterRenderAsync(firstRender)</c>), never during prerender. Idempotent for the same user.
    /// Returns false when the server has no live portfolio for the user.
    /// </summary>
    public bool Start(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_userId is not null && _userId != userId)
            {
                throw new InvalidOperationException("A circuit follows one user; sign out to change user.");
            }
            _userId = userId;
            if (!_loop.IsCompleted || _state.Feed == LiveFeed.SessionExpired)
            {
                return _state.Feed == LiveFeed.Live;
            }
            return SubscribeLocked(userId);
        }
    }

    /// <summary>
    /// Asks the server for a full snapshot from Kalshi (changes arrive as events), and re-subscribes when the
    /// stream had ended or was unavailable.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var userId = UserId ?? throw new InvalidOperationException("Start the live portfolio first.");
        if (_streams is null)
        {
            return;
        }
        await _streams.RefreshAsync(userId, cancellationToken);
        bool resubscribed;
        lock (_gate)
        {
            resubscribed = !_disposed && _loop.IsCompleted && _state.Feed is LiveFeed.Ended or LiveFeed.Unavailable
                && SubscribeLocked(userId);
        }
        if (resubscribed)
        {
            await NotifyAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _handlers = [];
            loop = _loop;
        }
        await _stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
        lock (_gate)
        {
            _subscription?.Dispose();
            _subscription = null;
        }
        _stopping.Dispose();
    }

    private bool SubscribeLocked(string userId)
    {
        if (_streams is null)
        {
            _logger.LogError("No IPortfolioStreams is registered: the dashboard has no live data");
        }
        var subscription = _streams?.Subscribe(userId);
        var status = _streams?.GetStatus(userId);
        if (subscription is null)
        {
            Volatile.Write(ref _state, _state with { Feed = LiveFeed.Unavailable, Status = status, Version = _state.Version + 1 });
            return false;
        }
        _subscription = subscription;
        Volatile.Write(ref _state, _state with { Feed = LiveFeed.Live, Status = status ?? _state.Status, Version = _state.Version + 1 });
        var stopping = _stopping.Token;
        _loop = Task.Run(() => RunAsync(userId, subscription, stopping), stopping);
        return true;
    }

    private async Task RunAsync(string userId, PortfolioSubscription subscription, CancellationToken stopping)
    {
        var model = new Model(State);
        try
        {
            while (true)
            {
                if (!await subscription.Reader.WaitToReadAsync(stopping))
                {
                    model.Feed = LiveFeed.Ended;
                    await PublishAsync(model, subscription);
                    return;
                }

                var gap = false;
                while (subscription.Reader.TryRead(out var portfolioEvent))
                {
                    if (model.IsGap(portfolioEvent))
                    {
                        gap = true;
                        break;
                    }
                    model.Apply(portfolioEvent, _time.GetUtcNow());
                    if (model.Feed == LiveFeed.SessionExpired)
                    {
                        break;
                    }
                }

                if (model.Feed == LiveFeed.SessionExpired)
                {
                    _logger.LogInformation("Session ended for the live portfolio of {UserId}: {Reason}", userId, model.SessionEndReason);
                    await PublishAsync(model, subscription);
                    return;
                }

                if (gap)
                {
                    var next = Resubscribe(userId, subscription, model);
                    if (next is null)
                    {
                        await PublishAsync(model, null);
                        return;
                    }
                    subscription = next;
                }
                if (model.Changed)
                {
                    // The frame starts before the components render, so a slow render eats into it rather
                    // than adding to it. Nothing published, nothing to wait for.
                    var frame = Task.Delay(FrameInterval, _time, stopping);
                    await PublishAsync(model, subscription);
                    await frame;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The live portfolio loop of {UserId} failed", userId);
            model.Feed = LiveFeed.Ended;
            await PublishAsync(model, subscription);
        }
        finally
        {
            if (model.Feed != LiveFeed.Live)
            {
                lock (_gate)
                {
                    _subscription?.Dispose();
                    _subscription = null;
                }
            }
        }
    }

    private PortfolioSubscription? Resubscribe(string userId, PortfolioSubscription current, Model model)
    {
        model.DroppedBefore += current.Dropped;
        model.Resyncs++;
        current.Dispose();
        // A fresh snapshot, not a replay from the last id: the events missed are at least a queue's worth
        // (that is why they were dropped), so replaying them into a new queue of the same size would drop
        // again. One snapshot restores the whole state in one event.
        var next = _streams?.Subscribe(userId);
        _logger.LogInformation("Live portfolio of {UserId} re-subscribed for a snapshot after a gap at event {EventId}", userId, model.LastEventId);
        lock (_gate)
        {
            _subscription = next;
        }
        if (next is null)
        {
            model.Feed = LiveFeed.Unavailable;
        }
        return next;
    }

    private async Task PublishAsync(Model model, PortfolioSubscription? subscription)
    {
        var published = model.Build(State.Version + 1, subscription?.Dropped ?? 0);
        Volatile.Write(ref _state, published);
        await NotifyAsync();
    }

    private async Task NotifyAsync()
    {
        Func<Task>[] handlers;
        lock (_gate)
        {
            handlers = _handlers;
        }
        foreach (var handler in handlers)
        {
            try
            {
                await handler();
            }
            catch (Exception ex)
            {
                // One broken component must not stop the feed for the others.
                _logger.LogWarning(ex, "A live portfolio change handler failed");
            }
        }
    }

    private void Unregister(Func<Task> callback)
    {
        lock (_gate)
        {
            _handlers = Array.FindAll(_handlers, h => !ReferenceEquals(h, callback));
        }
    }

    private sealed class Registration(LivePortfolio owner, Func<Task> callback) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unregister(callback);
            }
        }
    }

    /// <summary>The loop's private, mutable model. Only the loop touches it.</summary>
    private sealed class Model
    {
        private readonly Dictionary<string, PositionState> _positions;
        private PortfolioView? _portfolio;
        private ConnectionStatus? _status;
        private DateTimeOffset? _lastUpdate;
        private bool _loaded;
        private long _events;
        private long _notifications;
        private DateTimeOffset? _lastEventAt;

        public Model(LivePortfolioState from)
        {
            _positions = new Dictionary<string, PositionState>(from.ByTicker, StringComparer.Ordinal);
            _portfolio = from.Portfolio;
            _status = from.Status;
            _lastUpdate = from.LastUpdate;
            _loaded = from.IsLoaded;
            _events = from.Tab.EventsReceived;
            _notifications = from.Tab.Notifications;
            _lastEventAt = from.Tab.LastEventAt;
            Resyncs = from.Tab.Resyncs;
            DroppedBefore = from.Tab.DroppedEvents;
            Feed = LiveFeed.Live;
        }

        public LiveFeed Feed { get; set; }
        public string? SessionEndReason { get; private set; }
        public long LastEventId { get; private set; }
        public bool Changed { get; private set; }
        public int Resyncs { get; set; }
        public long DroppedBefore { get; set; }

        /// <summary>
        /// True when events were lost between the last one applied and this one. Ids grow by one per user;
        /// a snapshot restarts the count, and unnumbered events (id 0) are taken as they come.
        /// </summary>
        public bool IsGap(PortfolioEvent e) =>
            e is not SnapshotEvent && e.Id != 0 && LastEventId != 0 && e.Id > LastEventId + 1;

        public void Apply(PortfolioEvent e, DateTimeOffset receivedAt)
        {
            if (e.Id != 0)
            {
                LastEventId = e.Id;
            }
            _events++;
            _lastEventAt = receivedAt;
            Changed = true;
            switch (e)
            {
                case SnapshotEvent snapshot:
                    _positions.Clear();
                    foreach (var position in snapshot.Positions)
                    {
                        _positions[position.Ticker] = position;
                    }
                    _portfolio = snapshot.Portfolio;
                    _status = snapshot.ConnectionStatus;
                    _loaded = true;
                    Touch(e.At);
                    break;
                case PositionUpdatedEvent updated:
                    _positions[updated.Position.Ticker] = updated.Position;
                    Touch(e.At);
                    break;
                case PositionClosedEvent closed:
                    _positions.Remove(closed.Ticker);
                    Touch(e.At);
                    break;
                case PortfolioUpdatedEvent portfolio:
                    _portfolio = portfolio.Portfolio;
                    Touch(e.At);
                    break;
                case ConnectionStatusEvent status:
                    _status = status.ConnectionStatus;
                    break;
                case SessionExpiredEvent expired:
                    Feed = LiveFeed.SessionExpired;
                    SessionEndReason = expired.Reason;
                    break;
            }
        }

        public LivePortfolioState Build(long version, long droppedNow)
        {
            var ordered = _positions.Values.ToArray();
            Array.Sort(ordered, static (a, b) => string.CompareOrdinal(a.Ticker, b.Ticker));
            Changed = false;
            _notifications++;
            return new LivePortfolioState
            {
                Positions = ordered,
                ByTicker = new Dictionary<string, PositionState>(_positions, StringComparer.Ordinal),
                Portfolio = _portfolio,
                Status = _status,
                LastUpdate = _lastUpdate,
                IsLoaded = _loaded,
                Feed = Feed,
                SessionEndReason = SessionEndReason,
                Version = version,
                Tab = new TabLinkDiagnostics
                {
                    EventsReceived = _events,
                    LastEventAt = _lastEventAt,
                    DroppedEvents = DroppedBefore + droppedNow,
                    Resyncs = Resyncs,
                    Notifications = _notifications,
                },
            };
        }

        private void Touch(DateTimeOffset at)
        {
            if (_lastUpdate is null || at > _lastUpdate)
            {
                _lastUpdate = at;
            }
        }
    }
}
