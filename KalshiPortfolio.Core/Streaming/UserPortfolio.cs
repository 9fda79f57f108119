using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// The live portfolio of one signed-in user: the tracker, the fan-out hub and the link status. Every change goes
/// through here and is applied and published under one lock, so subscribers see changes in the order they
/// happened and a snapshot is always consistent with the events that follow it.
/// </summary>
/// <remarks>
/// A REST snapshot and the WebSocket race: the snapshot is requested, WebSocket messages keep arriving, then the
/// snapshot's answer is applied. A market the WebSocket changed after the snapshot was requested
/// (<see cref="LiveMark"/>) keeps the WebSocket's state: that message is at least as new as the snapshot, and any
/// change the snapshot saw but the message did not has its own message on the way. Every other market is set to
/// what Kalshi's snapshot says (Kalshi wins).
/// </remarks>
public sealed class UserPortfolio : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PositionTracker _tracker;
    private readonly TimeProvider _time;
    private readonly TimeSpan _portfolioInterval;
    private ITimer? _portfolioTimer;
    private long _lastPortfolioTicks;
    private bool _portfolioPending;
    private bool _disposed;
    private readonly Dictionary<string, long> _livePositionAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _liveQuoteAt = new(StringComparer.Ordinal);
    private long _liveSequence;
    private ConnectionStatus _status;
    private long _lastMessageTicks;
    private Baseline? _baseline;
    private int _live;

    public UserPortfolio(string userId, StreamingOptions options, TimeProvider time)
    {
        UserId = userId;
        _time = time;
        _portfolioInterval = options.PortfolioUpdateInterval;
        _tracker = new PositionTracker(options.MarkMethod, time);
        _status = ConnectionStatus.Initial(time.GetUtcNow());
        Hub = new PortfolioEventHub(CreateSnapshot, time, options.SubscriberQueueCapacity, options.ReplayCapacity);
    }

    public string UserId { get; }

    public PortfolioEventHub Hub { get; }

    /// <summary>True once Kalshi has answered since start; before that, what is served comes from the cache.</summary>
    public bool IsLive => Volatile.Read(ref _live) == 1;

    /// <summary>When the cached state served before Kalshi answered was written (null when nothing was cached).</summary>
    public DateTimeOffset? CachedAt { get; private set; }

    /// <summary>Raised (under the portfolio's lock, keep handlers short) with the changes just published.</summary>
    public event Action<IReadOnlyList<PositionChange>>? PositionsChanged;

    /// <summary>Raised when the cash balance changes.</summary>
    public event Action<decimal>? CashChanged;

    public ConnectionStatus Status
    {
        get
        {
            var status = Volatile.Read(ref _status);
            var ticks = Interlocked.Read(ref _lastMessageTicks);
            return status with
            {
                LastMessageAt = ticks == 0 ? status.LastMessageAt : new DateTimeOffset(ticks, TimeSpan.Zero),
                DroppedEvents = Hub.DroppedEvents,
            };
        }
    }

    /// <summary>
    /// The count of live (WebSocket) changes so far. Take it before requesting a REST snapshot and pass it to
    /// <see cref="ApplySnapshot"/>, so markets changed live meanwhile are not set back to the snapshot's older view.
    /// </summary>
    public long LiveMark
    {
        get { lock (_gate) { return _liveSequence; } }
    }

    public IReadOnlyList<PositionState> GetPositions() => _tracker.GetAllPositions();

    public PositionState? GetPosition(string ticker) => _tracker.GetPosition(ticker);

    public PortfolioView GetView()
    {
        var summary = _tracker.GetPortfolio();
        var baseline = Volatile.Read(ref _baseline);
        var today = baseline is { } b && b.Day == TradingDay.Of(summary.AsOf)
            ? TodayPnl.From(summary, b.Value)
            : TodayPnl.Zero;
        return new PortfolioView(summary, today);
    }

    /// <summary>The trading day whose baseline is known, if any.</summary>
    public DateOnly? BaselineDay => Volatile.Read(ref _baseline)?.Day;

    public SnapshotEvent CreateSnapshot() => new(_tracker.GetAllPositions(), GetView(), Status) { At = _time.GetUtcNow() };

    /// <summary>Serves what the cache knew, marked stale, until Kalshi answers.</summary>
    public void RestoreFromCache(CachedPortfolio cached)
    {
        lock (_gate)
        {
            var changes = new List<PositionChange>();
            foreach (var entry in cached.Positions)
            {
                if (entry.Quote is { } quote)
                {
                    _tracker.UpdatePrice(quote);
                }
                if (_tracker.UpdatePosition(entry.Position, isStale: true) is { } change)
                {
                    changes.Add(change);
                }
            }
            if (cached.Cash is { } cash)
            {
                _tracker.SetCash(cash);
            }
            if (cached.LatestBaseline is { } baseline)
            {
                // Today's P&L is right from the first (cached) view; an older day's baseline is simply not today's.
                Volatile.Write(ref _baseline, new Baseline(baseline.TradingDay, baseline.TotalValue));
            }
            CachedAt = cached.Positions.Count > 0
                ? cached.Positions.Min(p => p.CachedAt)
                : cached.CashUpdatedAt;
            PublishLocked(changes, portfolioChanged: true);
        }
    }

    /// <summary>Applies a position as Kalshi reports it live (a <c>market_position</c> message).</summary>
    public PositionChange? ApplyPosition(PositionUpdate update)
    {
        lock (_gate)
        {
            _livePositionAt[update.Ticker] = ++_liveSequence;
            var change = _tracker.UpdatePosition(update);
            if (change is not null)
            {
                PublishLocked([change], portfolioChanged: true);
            }
            return change;
        }
    }

    /// <summary>Applies a quote as Kalshi reports it live (a <c>ticker</c> message).</summary>
    public PositionChange? ApplyQuote(MarketQuote quote)
    {
        lock (_gate)
        {
            _liveQuoteAt[quote.Ticker] = ++_liveSequence;
            var change = _tracker.UpdatePrice(quote);
            if (change is not null)
            {
                PublishLocked([change], portfolioChanged: true);
            }
            return change;
        }
    }

    /// <summary>
    /// Records a market's title and event, and its quote from REST unless a live quote arrived since
    /// <paramref name="liveSince"/> (a <see cref="LiveMark"/> taken before the request).
    /// </summary>
    public void ApplyMarket(string ticker, string? title, string? eventTicker, MarketQuote? quote, long liveSince = long.MaxValue)
    {
        lock (_gate)
        {
            var changes = new List<PositionChange>(2);
            if (_tracker.UpdateMarket(ticker, title, eventTicker) is { } titled)
            {
                changes.Add(titled);
            }
            if (quote is not null && !ChangedLiveSince(_liveQuoteAt, ticker, liveSince) && _tracker.UpdatePrice(quote) is { } priced)
            {
                changes.Add(priced);
            }
            PublishLocked(changes, portfolioChanged: changes.Count > 0);
        }
    }

    /// <summary>
    /// Makes the portfolio match a full snapshot from Kalshi (Kalshi wins): positions, then quotes, then cash.
    /// Markets changed live since <paramref name="liveSince"/> (a <see cref="LiveMark"/> taken before the snapshot
    /// was requested) keep their live state. Returns every change made, so the caller can count and log the differences.
    /// </summary>
    public IReadOnlyList<PositionChange> ApplySnapshot(IReadOnlyList<PositionUpdate> positions, IReadOnlyList<MarketQuote> quotes, decimal cash, long liveSince = long.MaxValue)
    {
        lock (_gate)
        {
            foreach (var update in positions)
            {
                if (update.MarketTitle is not null)
                {
                    _tracker.UpdateMarket(update.Ticker, update.MarketTitle, update.EventTicker);
                }
            }
            var effective = new List<PositionUpdate>(positions.Count);
            foreach (var update in positions)
            {
                if (!ChangedLiveSince(_livePositionAt, update.Ticker, liveSince))
                {
                    effective.Add(update);
                }
            }
            if (liveSince != long.MaxValue && liveSince < _liveSequence)
            {
                // Held markets changed live meanwhile stay as the WebSocket left them (not closed for being absent).
                foreach (var held in _tracker.GetAllPositions())
                {
                    if (ChangedLiveSince(_livePositionAt, held.Ticker, liveSince))
                    {
                        effective.Add(new PositionUpdate
                        {
                            Ticker = held.Ticker,
                            Position = held.Position,
                            Cost = held.Cost,
                            RealizedPnl = held.RealizedPnl,
                            FeesPaid = held.FeesPaid,
                            UpdatedAt = held.UpdatedAt,
                        });
                    }
                }
            }
            var changes = new List<PositionChange>(_tracker.Reconcile(effective));
            foreach (var quote in quotes)
            {
                if (!ChangedLiveSince(_liveQuoteAt, quote.Ticker, liveSince) && _tracker.UpdatePrice(quote) is { } change)
                {
                    changes.Add(change);
                }
            }
            _tracker.SetCash(cash);
            Volatile.Write(ref _live, 1);
            PublishLocked(changes, portfolioChanged: true);
            CashChanged?.Invoke(cash);
            return changes;
        }
    }

    public void ApplyCash(decimal cash)
    {
        lock (_gate)
        {
            if (_tracker.GetPortfolio().Cash == cash)
            {
                return;
            }
            _tracker.SetCash(cash);
            PublishLocked([], portfolioChanged: true);
            CashChanged?.Invoke(cash);
        }
    }

    /// <summary>Sets a closed (e.g. settled) market's final realized P&amp;L.</summary>
    public void ApplyRealized(string ticker, decimal finalRealizedPnl)
    {
        lock (_gate)
        {
            var change = _tracker.RemovePosition(ticker, finalRealizedPnl);
            PublishLocked(change is null ? [] : [change], portfolioChanged: true);
        }
    }

    /// <summary>Sets today's baseline (total value at the start of the trading day).</summary>
    public void SetBaseline(DateOnly tradingDay, decimal totalValue)
    {
        lock (_gate)
        {
            Volatile.Write(ref _baseline, new Baseline(tradingDay, totalValue));
            PublishLocked([], portfolioChanged: true);
        }
    }

    /// <summary>Notes that a message arrived from Kalshi (cheap: no event is published).</summary>
    public void NoteMessage(DateTimeOffset at) => Interlocked.Exchange(ref _lastMessageTicks, at.UtcTicks);

    /// <summary>Changes the link status; publishes a <c>connection_status</c> event when it differs.</summary>
    public void UpdateStatus(Func<ConnectionStatus, ConnectionStatus> update)
    {
        lock (_gate)
        {
            var previous = Volatile.Read(ref _status);
            var next = update(previous);
            if (next.State != previous.State)
            {
                next = next with { Since = _time.GetUtcNow() };
            }
            if (next == previous)
            {
                return;
            }
            Volatile.Write(ref _status, next);
            Hub.Publish(new ConnectionStatusEvent(Status) { At = _time.GetUtcNow() });
        }
    }

    private static bool ChangedLiveSince(Dictionary<string, long> changedAt, string ticker, long liveSince) =>
        liveSince != long.MaxValue && changedAt.TryGetValue(ticker, out var at) && at > liveSince;

    private void PublishLocked(IReadOnlyList<PositionChange> changes, bool portfolioChanged)
    {
        var now = _time.GetUtcNow();
        foreach (var change in changes)
        {
            Hub.Publish(change.Current is { } current
                ? new PositionUpdatedEvent(current) { At = now }
                : new PositionClosedEvent(change.Ticker, change.Previous) { At = now });
        }
        if (portfolioChanged)
        {
            PublishPortfolioLocked(now);
        }
        if (changes.Count > 0)
        {
            PositionsChanged?.Invoke(changes);
        }
    }

    // Totals change with every price; during a burst they are published at most once per interval: at once when the
    // last publish is older than that (an isolated change costs no delay), otherwise once at the end of the interval
    // with the totals as they are then. Every position_update still goes out; only superseded totals are skipped.
    private void PublishPortfolioLocked(DateTimeOffset now)
    {
        if (_portfolioInterval <= TimeSpan.Zero || now.UtcTicks - _lastPortfolioTicks >= _portfolioInterval.Ticks)
        {
            PublishTotalsNowLocked(now);
            return;
        }
        if (_portfolioPending || _disposed)
        {
            return;
        }
        _portfolioPending = true;
        _portfolioTimer ??= _time.CreateTimer(_ => PublishPendingPortfolio(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _portfolioTimer.Change(TimeSpan.FromTicks(_lastPortfolioTicks + _portfolioInterval.Ticks - now.UtcTicks), Timeout.InfiniteTimeSpan);
    }

    private void PublishPendingPortfolio()
    {
        lock (_gate)
        {
            if (_portfolioPending && !_disposed)
            {
                PublishTotalsNowLocked(_time.GetUtcNow());
            }
        }
    }

    private void PublishTotalsNowLocked(DateTimeOffset now)
    {
        _portfolioPending = false;
        _lastPortfolioTicks = now.UtcTicks;
        Hub.Publish(new PortfolioUpdatedEvent(GetView()) { At = now });
    }

    /// <summary>Stops the pending-totals timer (the session ended).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _portfolioTimer?.Dispose();
        }
    }

    // A reference, so readers outside the lock never see half of it.
    private sealed record Baseline(DateOnly Day, decimal Value);
}
