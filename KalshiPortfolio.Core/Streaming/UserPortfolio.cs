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
    private readonly TimeSpan _staleAfter;
    private readonly TimeSpan _cashStaleAfter;
    private readonly ChangeNotifier<IReadOnlyList<PositionChange>> _positionNotes = new();
    private readonly ChangeNotifier<decimal> _cashNotes = new();
    private ITimer? _staleTimer;
    private long _restVerifiedTicks;
    private readonly Unconfirmed _unconfirmed = new();
    private long _liveVerifiedTicks;
    private long _cashVerifiedTicks;
    private long _cashPendingMark;
    private long _cashAppliedMark;
    private bool _cashStale = true;

    public UserPortfolio(string userId, StreamingOptions options, TimeProvider time)
    {
        UserId = userId;
        _time = time;
        _portfolioInterval = options.PortfolioUpdateInterval;
        _tracker = new PositionTracker(options.MarkMethod, time);
        _status = ConnectionStatus.Initial(time.GetUtcNow());
        _staleAfter = options.StaleAfter;
        _cashStaleAfter = options.VerifyInterval + options.StaleAfter;
        Hub = new PortfolioEventHub(CreateSnapshot, time, options.SubscriberQueueCapacity, options.ReplayCapacity, _gate);
        var sweep = TimeSpan.FromTicks(Math.Max(_staleAfter.Ticks / 3, TimeSpan.FromMilliseconds(100).Ticks));
        _staleTimer = time.CreateTimer(_ => SweepStale(), null, sweep, sweep);
    }

    public string UserId { get; }

    public PortfolioEventHub Hub { get; }

    /// <summary>True once Kalshi has answered since start; before that, what is served comes from the cache.</summary>
    public bool IsLive => Volatile.Read(ref _live) == 1;

    /// <summary>When the cached state served before Kalshi answered was written (null when nothing was cached).</summary>
    public DateTimeOffset? CachedAt { get; private set; }

    /// <summary>
    /// Subscribes to the changes just published (positions) and to every new cash balance, delivered outside the
    /// portfolio's lock in the order they happened. Dispose the result to unsubscribe.
    /// </summary>
    public IDisposable SubscribeChanges(Action<IReadOnlyList<PositionChange>> positions, Action<decimal> cash)
    {
        var p = _positionNotes.Subscribe(positions);
        var c = _cashNotes.Subscribe(cash);
        return new Both(p, c);
    }

    /// <summary>
    /// A mark to take before reading the balance from Kalshi and to pass to <see cref="ApplyCash"/>: a fill noted
    /// after it (<see cref="NoteCashPending"/>) keeps the cash marked stale until a later read.
    /// </summary>
    public long CashMark => Interlocked.Read(ref _cashPendingMark);

    /// <summary>A fill moved the cash on Kalshi's side: the cash shown is behind until the balance is read again.</summary>
    public void NoteCashPending()
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _cashPendingMark);
            if (!_cashStale)
            {
                _cashStale = true;
                PublishPortfolioLocked(_time.GetUtcNow());
            }
        }
        Drain();
    }

    /// <summary>When the price of a held market was last confirmed by Kalshi (a quote received, a REST snapshot, or a live socket).</summary>
    public DateTimeOffset? PriceVerifiedAt(string ticker)
    {
        lock (_gate)
        {
            return PriceVerifiedTicksLocked(ticker) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;
        }
    }

    /// <summary>How fresh the figures are now.</summary>
    public PortfolioFreshness Freshness
    {
        get
        {
            lock (_gate)
            {
                return FreshnessLocked();
            }
        }
    }

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
        return new PortfolioView(summary, today) { Freshness = Freshness };
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
        Drain();
    }

    /// <summary>Applies a position as Kalshi reports it live (a <c>market_position</c> message).</summary>
    public PositionChange? ApplyPosition(PositionUpdate update) => ApplyPositionMessage(update.Ticker, _ => update);

    /// <summary>
    /// Applies a live position message whose missing figures come from the current state: <paramref name="update"/>
    /// reads the current state and builds the update, all under the portfolio's lock (no lost update between the read
    /// and the write).
    /// </summary>
    public PositionChange? ApplyPositionMessage(string ticker, Func<PositionState?, PositionUpdate> update)
    {
        PositionChange? change;
        lock (_gate)
        {
            _livePositionAt[ticker] = ++_liveSequence;
            change = _tracker.UpdatePosition(update(_tracker.GetPosition(ticker)));
            if (change is not null)
            {
                PublishLocked([change], portfolioChanged: true);
            }
        }
        Drain();
        return change;
    }

    /// <summary>Applies a quote as Kalshi reports it live (a <c>ticker</c> message).</summary>
    public PositionChange? ApplyQuote(MarketQuote quote)
    {
        PositionChange? change;
        lock (_gate)
        {
            _liveQuoteAt[quote.Ticker] = ++_liveSequence;
            _unconfirmed.QuoteConfirmed(quote.Ticker);
            change = RefreshStaleLocked(quote.Ticker, _tracker.UpdatePrice(quote), _time.GetUtcNow().UtcTicks);
            if (change is not null)
            {
                PublishLocked([change], portfolioChanged: true);
            }
        }
        Drain();
        return change;
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
            if (quote is not null && !ChangedLiveSince(_liveQuoteAt, ticker, liveSince)
                && RefreshStaleLocked(ticker, _tracker.UpdatePrice(quote), _time.GetUtcNow().UtcTicks) is { } priced)
            {
                changes.Add(priced);
            }
            PublishLocked(changes, portfolioChanged: changes.Count > 0);
        }
        Drain();
    }

    /// <summary>
    /// Makes the portfolio match a full snapshot from Kalshi (Kalshi wins): positions, then quotes, then cash.
    /// Markets changed live since <paramref name="liveSince"/> (a <see cref="LiveMark"/> taken before the snapshot
    /// was requested) keep their live state. Returns every change made, so the caller can count and log the differences.
    /// </summary>
    public IReadOnlyList<PositionChange> ApplySnapshot(
        IReadOnlyList<PositionUpdate> positions,
        IReadOnlyList<MarketQuote> quotes,
        decimal cash,
        long liveSince = long.MaxValue,
        long cashMark = long.MaxValue,
        IReadOnlySet<string>? keep = null,
        IReadOnlySet<string>? unquoted = null)
    {
        List<PositionChange> changes;
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
            if ((liveSince != long.MaxValue && liveSince < _liveSequence) || keep is { Count: > 0 })
            {
                // Held markets changed live meanwhile stay as the WebSocket left them (not closed for being absent);
                // so do markets whose snapshot row could not be read (kept as they are, not closed).
                foreach (var held in _tracker.GetAllPositions())
                {
                    if (ChangedLiveSince(_livePositionAt, held.Ticker, liveSince) || keep?.Contains(held.Ticker) == true)
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
            changes = new List<PositionChange>(_tracker.Reconcile(effective));
            foreach (var quote in quotes)
            {
                if (!ChangedLiveSince(_liveQuoteAt, quote.Ticker, liveSince) && _tracker.UpdatePrice(quote) is { } change)
                {
                    changes.Add(change);
                }
            }
            var now = _time.GetUtcNow().UtcTicks;
            // The snapshot confirms what it read; a kept row or a held market without a readable quote stays in doubt,
            // dated from when Kalshi last confirmed it (before this snapshot).
            var liveTicks = Volatile.Read(ref _status).IsLive ? Interlocked.Read(ref _liveVerifiedTicks) : 0;
            foreach (var ticker in keep ?? Enumerable.Empty<string>())
            {
                _unconfirmed.Mark(ticker, UnconfirmedReason.PositionSkipped, Math.Max(_restVerifiedTicks, liveTicks));
            }
            foreach (var ticker in unquoted ?? Enumerable.Empty<string>())
            {
                if (!ChangedLiveSince(_liveQuoteAt, ticker, liveSince))
                {
                    _unconfirmed.Mark(ticker, UnconfirmedReason.QuoteSkipped, PriceVerifiedTicksLocked(ticker));
                }
            }
            foreach (var update in positions)
            {
                if (keep?.Contains(update.Ticker) != true && unquoted?.Contains(update.Ticker) != true)
                {
                    _unconfirmed.Confirmed(update.Ticker);
                }
            }
            _restVerifiedTicks = now;
            SetCashLocked(cash, cashMark, now);
            Volatile.Write(ref _live, 1);
            var published = new List<PositionChange>(changes);
            SweepStaleLocked(now, published);
            PublishLocked(published, portfolioChanged: true);
        }
        Drain();
        return changes;
    }

    /// <summary>
    /// Sets the cash to Kalshi's balance, read after <paramref name="cashMark"/> (a <see cref="CashMark"/> taken before the
    /// request) was taken: the cash is verified now, and no longer stale unless a fill came after the mark.
    /// </summary>
    public void ApplyCash(decimal cash, long cashMark = long.MaxValue)
    {
        lock (_gate)
        {
            var wasStale = _cashStale;
            var before = _tracker.GetPortfolio().Cash;
            SetCashLocked(cash, cashMark, _time.GetUtcNow().UtcTicks);
            if (before != cash || wasStale != _cashStale)
            {
                PublishLocked([], portfolioChanged: true);
            }
        }
        Drain();
    }

    private void SetCashLocked(decimal cash, long cashMark, long now)
    {
        _tracker.SetCash(cash);
        _cashVerifiedTicks = now;
        var mark = cashMark == long.MaxValue ? Interlocked.Read(ref _cashPendingMark) : cashMark;
        _cashAppliedMark = Math.Max(_cashAppliedMark, mark);
        _cashStale = _cashAppliedMark < Interlocked.Read(ref _cashPendingMark);
        _cashNotes.Enqueue(cash);
    }

    /// <summary>Sets a closed (e.g. settled) market's final realized P&amp;L.</summary>
    public void ApplyRealized(string ticker, decimal finalRealizedPnl)
    {
        lock (_gate)
        {
            var change = _tracker.RemovePosition(ticker, finalRealizedPnl);
            PublishLocked(change is null ? [] : [change], portfolioChanged: true);
        }
        Drain();
    }

    /// <summary>Sets today's baseline (total value at the start of the trading day).</summary>
    public void SetBaseline(DateOnly tradingDay, decimal totalValue)
    {
        lock (_gate)
        {
            Volatile.Write(ref _baseline, new Baseline(tradingDay, totalValue));
            PublishLocked([], portfolioChanged: true);
        }
        Drain();
    }

    /// <summary>Notes that a message arrived from Kalshi (cheap: no event is published).</summary>
    public void NoteMessage(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastMessageTicks, at.UtcTicks);
        if (Volatile.Read(ref _status).IsLive)
        {
            // A message on a live, verified socket proves the subscriptions flow: every held quote is current.
            Interlocked.Exchange(ref _liveVerifiedTicks, at.UtcTicks);
        }
    }

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
            var now = _time.GetUtcNow();
            if (next.IsLive && !previous.IsLive)
            {
                Interlocked.Exchange(ref _liveVerifiedTicks, now.UtcTicks);
            }
            Hub.Publish(new ConnectionStatusEvent(Status) { At = now });
            if (next.IsLive != previous.IsLive)
            {
                var changes = new List<PositionChange>();
                SweepStaleLocked(now.UtcTicks, changes);
                PublishLocked(changes, portfolioChanged: true);
            }
        }
        Drain();
    }

    /// <summary>Marks positions whose mark is older than the threshold stale (and fresh ones fresh); publishes what flipped.</summary>
    public void SweepStale()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var now = _time.GetUtcNow().UtcTicks;
            var changes = new List<PositionChange>();
            var cashWasStale = _cashStale;
            SweepStaleLocked(now, changes);
            if (changes.Count > 0 || cashWasStale != _cashStale)
            {
                PublishLocked(changes, portfolioChanged: true);
            }
        }
        Drain();
    }

    private void SweepStaleLocked(long now, List<PositionChange> changes)
    {
        foreach (var held in _tracker.GetAllPositions())
        {
            if (_tracker.SetStale(held.Ticker, IsStaleLocked(held.Ticker, now)) is { } flipped)
            {
                var index = changes.FindIndex(c => c.Ticker == held.Ticker);
                if (index >= 0)
                {
                    changes[index] = changes[index] with { Current = flipped.Current };
                }
                else
                {
                    changes.Add(flipped);
                }
            }
        }
        if (!_cashStale && _cashVerifiedTicks > 0 && now - _cashVerifiedTicks > _cashStaleAfter.Ticks)
        {
            _cashStale = true;
        }
    }

    // A quote just applied may make a stale position fresh again.
    private PositionChange? RefreshStaleLocked(string ticker, PositionChange? change, long now)
    {
        if (_tracker.GetPosition(ticker) is not { IsStale: true } || IsStaleLocked(ticker, now))
        {
            return change;
        }
        var fresh = _tracker.SetStale(ticker, false);
        return change is null ? fresh : change with { Current = fresh?.Current ?? change.Current };
    }

    private bool IsStaleLocked(string ticker, long now)
    {
        var verified = PriceVerifiedTicksLocked(ticker);
        return verified == 0 || now - verified > _staleAfter.Ticks;
    }

    private long PriceVerifiedTicksLocked(string ticker)
    {
        var quote = _tracker.GetQuote(ticker)?.ReceivedAt.UtcTicks ?? 0;
        var live = Volatile.Read(ref _status).IsLive ? Interlocked.Read(ref _liveVerifiedTicks) : 0;
        var verified = Math.Max(quote, Math.Max(_restVerifiedTicks, live));
        // In doubt since an unusable item about it: nothing later that did not read the market confirms it.
        return _unconfirmed.LastConfirmed(ticker) is { } last ? Math.Min(verified, last) : verified;
    }

    /// <summary>
    /// Kalshi sent an item about <paramref name="ticker"/> that could not be used: the market's figures are in doubt
    /// until a later good item (or a snapshot that reads it) confirms them, so it turns stale once its last
    /// confirmation ages past the threshold, even while the socket is live.
    /// </summary>
    public void MarkUnconfirmed(string ticker, UnconfirmedReason reason)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var now = _time.GetUtcNow().UtcTicks;
            _unconfirmed.Mark(ticker, reason, PriceVerifiedTicksLocked(ticker));
            var changes = new List<PositionChange>();
            SweepStaleLocked(now, changes);
            if (changes.Count > 0)
            {
                PublishLocked(changes, portfolioChanged: true);
            }
        }
        Drain();
    }

    private PortfolioFreshness FreshnessLocked()
    {
        var live = Volatile.Read(ref _status).IsLive;
        var verified = Math.Max(_restVerifiedTicks, live ? Interlocked.Read(ref _liveVerifiedTicks) : 0);
        var stale = 0;
        foreach (var held in _tracker.GetAllPositions())
        {
            if (held.IsStale)
            {
                stale++;
            }
        }
        return new PortfolioFreshness(
            live,
            verified == 0 ? null : new DateTimeOffset(verified, TimeSpan.Zero),
            _cashVerifiedTicks == 0 ? null : new DateTimeOffset(_cashVerifiedTicks, TimeSpan.Zero),
            _cashStale,
            stale);
    }

    private void Drain()
    {
        _positionNotes.Drain();
        _cashNotes.Drain();
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
            _positionNotes.Enqueue(changes);
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
            _staleTimer?.Dispose();
        }
    }

    // A reference, so readers outside the lock never see half of it.
    private sealed record Baseline(DateOnly Day, decimal Value);

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
