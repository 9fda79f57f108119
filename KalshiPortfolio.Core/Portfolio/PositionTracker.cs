namespace KalshiPortfolio.Core.Portfolio;

/// <summary>
/// The in-memory positions of one account and their valuation. Thread-safe: every operation runs under one
/// lock and returns what it changed, so a caller can stream exactly that. Portfolio totals are kept
/// incrementally, so a price update costs O(1) whatever the number of positions.
/// </summary>
public sealed class PositionTracker
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    // One mutable slot per market: revaluing every position replaces each slot's state without touching (or
    // re-hashing into) the dictionary.
    private readonly Dictionary<string, Slot> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MarketQuote> _quotes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _titles = new(StringComparer.Ordinal);

    // Realized P&L and fees are cumulative per market on Kalshi's side, so the latest figure per market
    // (open or closed) is kept rather than added up, which would count a reopened market twice.
    private readonly Dictionary<string, (decimal Realized, decimal Fees)> _realizedByMarket = new(StringComparer.Ordinal);

    private MarkMethod _method;
    private decimal _cash;
    private decimal _marketValue;
    private decimal _markedCost;
    private decimal _cost;
    private decimal _realized;
    private decimal _fees;
    private int _unmarked;

    public PositionTracker(MarkMethod method = MarkMethod.Liquidation, TimeProvider? time = null)
    {
        _method = method;
        _time = time ?? TimeProvider.System;
    }

    public MarkMethod MarkMethod
    {
        get { lock (_gate) { return _method; } }
    }

    public int Count
    {
        get { lock (_gate) { return _positions.Count; } }
    }

    /// <summary>Applies a position as Kalshi reports it. A zero position closes it.</summary>
    public PositionChange? UpdatePosition(PositionUpdate update) => UpdatePosition(update, isStale: false);

    /// <summary>Applies a position; <paramref name="isStale"/> marks a state restored from the local cache.</summary>
    public PositionChange? UpdatePosition(PositionUpdate update, bool isStale)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            if (update.MarketTitle is { } title)
            {
                _titles[update.Ticker] = title;
            }
            SetRealized(update.Ticker, update.RealizedPnl, update.FeesPaid);

            var previous = _positions.GetValueOrDefault(update.Ticker)?.State;
            if (update.Position == 0)
            {
                return previous is null ? null : RemoveLocked(previous);
            }

            var filled = update with
            {
                MarketTitle = update.MarketTitle ?? previous?.MarketTitle ?? _titles.GetValueOrDefault(update.Ticker),
                EventTicker = update.EventTicker ?? previous?.EventTicker,
            };
            _quotes.TryGetValue(update.Ticker, out var quote);
            var current = PositionState.Create(filled, quote, _method, isStale);
            if (previous is not null && SameValuation(previous, current))
            {
                return null;
            }
            return Replace(previous, current);
        }
    }

    /// <summary>Revalues the position in the quote's market, if one is held. Quotes of other markets are remembered
    /// so that a position opened later is valued at once.</summary>
    public PositionChange? UpdatePrice(MarketQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        lock (_gate)
        {
            _quotes[quote.Ticker] = quote;
            if (!_positions.TryGetValue(quote.Ticker, out var slot))
            {
                return null;
            }
            var previous = slot.State;
            var current = previous.WithQuote(quote, _method, quote.Timestamp);
            return SameValuation(previous, current) ? null : Replace(previous, current);
        }
    }

    /// <summary>Records a market's title and event (learned from Kalshi's market data); a held position shows it at once.</summary>
    public PositionChange? UpdateMarket(string ticker, string? title, string? eventTicker)
    {
        lock (_gate)
        {
            if (title is not null)
            {
                _titles[ticker] = title;
            }
            if (_positions.GetValueOrDefault(ticker)?.State is not { } previous
                || (previous.MarketTitle == (title ?? previous.MarketTitle) && previous.EventTicker == (eventTicker ?? previous.EventTicker)))
            {
                return null;
            }
            var current = previous with
            {
                MarketTitle = title ?? previous.MarketTitle,
                EventTicker = eventTicker ?? previous.EventTicker,
            };
            return Replace(previous, current);
        }
    }

    /// <summary>Removes a position (market settled, or gone from Kalshi). <paramref name="finalRealizedPnl"/>, when
    /// given, becomes the market's realized P&amp;L (e.g. the settlement's result).</summary>
    public PositionChange? RemovePosition(string ticker, decimal? finalRealizedPnl = null)
    {
        lock (_gate)
        {
            if (finalRealizedPnl is { } realized)
            {
                SetRealized(ticker, realized, _realizedByMarket.GetValueOrDefault(ticker).Fees);
            }
            return _positions.TryGetValue(ticker, out var slot) ? RemoveLocked(slot.State) : null;
        }
    }

    /// <summary>Marks a held position stale (its mark is older than the threshold) or fresh again.</summary>
    public PositionChange? SetStale(string ticker, bool stale)
    {
        lock (_gate)
        {
            if (!_positions.TryGetValue(ticker, out var slot) || slot.State.IsStale == stale)
            {
                return null;
            }
            var previous = slot.State;
            return Replace(previous, previous with { IsStale = stale });
        }
    }

    /// <summary>
    /// Makes the tracker match a full snapshot from Kalshi (Kalshi wins): every listed position is applied,
    /// every held position missing from the snapshot is closed. Returns the changes.
    /// </summary>
    public IReadOnlyList<PositionChange> Reconcile(IEnumerable<PositionUpdate> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var changes = new List<PositionChange>();
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var update in snapshot)
            {
                seen.Add(update.Ticker);
                // A cached (stale) state differs from a live one, so confirming it is a change too.
                if (UpdatePosition(update, isStale: false) is { } change)
                {
                    changes.Add(change);
                }
            }
            foreach (var ticker in _positions.Keys.Where(t => !seen.Contains(t)).ToList())
            {
                changes.Add(RemoveLocked(_positions[ticker].State));
            }
        }
        return changes;
    }

    /// <summary>Changes the mark method and revalues every position.</summary>
    public IReadOnlyList<PositionChange> SetMarkMethod(MarkMethod method)
    {
        lock (_gate)
        {
            _method = method;
            return RevalueAllLocked();
        }
    }

    /// <summary>Revalues every position at its latest quote. O(n); the per-update paths are O(1).</summary>
    public IReadOnlyList<PositionChange> RevalueAll()
    {
        lock (_gate)
        {
            return RevalueAllLocked();
        }
    }

    public void SetCash(decimal cash)
    {
        lock (_gate)
        {
            _cash = cash;
        }
    }

    public PositionState? GetPosition(string ticker)
    {
        lock (_gate)
        {
            return _positions.GetValueOrDefault(ticker)?.State;
        }
    }

    public MarketQuote? GetQuote(string ticker)
    {
        lock (_gate)
        {
            return _quotes.GetValueOrDefault(ticker);
        }
    }

    /// <summary>A snapshot of every open position, ordered by ticker.</summary>
    public IReadOnlyList<PositionState> GetAllPositions()
    {
        lock (_gate)
        {
            var all = new PositionState[_positions.Count];
            var i = 0;
            foreach (var slot in _positions.Values)
            {
                all[i++] = slot.State;
            }
            Array.Sort(all, static (a, b) => string.CompareOrdinal(a.Ticker, b.Ticker));
            return all;
        }
    }

    public PortfolioSummary GetPortfolio()
    {
        lock (_gate)
        {
            return new PortfolioSummary
            {
                Cash = _cash,
                MarketValue = _marketValue,
                CostBasis = _cost,
                UnrealizedPnl = _marketValue - _markedCost,
                UnrealizedPnlPercent = SafeDecimal.Percent(_marketValue - _markedCost, _markedCost),
                RealizedPnl = _realized,
                FeesPaid = _fees,
                PositionCount = _positions.Count,
                UnmarkedCount = _unmarked,
                AsOf = _time.GetUtcNow(),
            };
        }
    }

    private IReadOnlyList<PositionChange> RevalueAllLocked()
    {
        // Only the mark can change here (same quote, same cost), so the new state is built only when the mark or
        // its source differs, and the totals move by the difference in market value.
        var changes = new List<PositionChange>(_positions.Count);
        foreach (var slot in _positions.Values)
        {
            var previous = slot.State;
            var (mark, source) = PositionState.Mark(previous.Side, previous.Quote, _method);
            if (mark == previous.MarkPrice && source == previous.MarkSource)
            {
                if (previous.MarkMethod != _method)
                {
                    slot.State = previous with { MarkMethod = _method };
                }
                continue;
            }
            var current = previous.WithMark(previous.Quote, _method, mark, source, previous.UpdatedAt);
            if (previous.MarketValue is { } before && current.MarketValue is { } after)
            {
                _marketValue += after - before;
            }
            else
            {
                Subtract(previous);
                Add(current);
            }
            slot.State = current;
            changes.Add(new PositionChange(PositionChangeKind.Updated, current.Ticker, previous, current));
        }
        return changes;
    }

    private PositionChange Replace(PositionState? previous, PositionState current)
    {
        if (previous is not null)
        {
            Subtract(previous);
            _positions[current.Ticker].State = current;
        }
        else
        {
            _positions[current.Ticker] = new Slot { State = current };
        }
        Add(current);
        return new PositionChange(previous is null ? PositionChangeKind.Opened : PositionChangeKind.Updated, current.Ticker, previous, current);
    }

    private PositionChange RemoveLocked(PositionState previous)
    {
        _positions.Remove(previous.Ticker);
        Subtract(previous);
        return new PositionChange(PositionChangeKind.Closed, previous.Ticker, previous, null);
    }

    private void SetRealized(string ticker, decimal realized, decimal fees)
    {
        var old = _realizedByMarket.GetValueOrDefault(ticker);
        _realized += realized - old.Realized;
        _fees += fees - old.Fees;
        _realizedByMarket[ticker] = (realized, fees);
    }

    private void Add(PositionState state)
    {
        _cost += state.Cost;
        if (state.MarketValue is { } value)
        {
            _marketValue += value;
            _markedCost += state.Cost;
        }
        else
        {
            _unmarked++;
        }
    }

    private void Subtract(PositionState state)
    {
        _cost -= state.Cost;
        if (state.MarketValue is { } value)
        {
            _marketValue -= value;
            _markedCost -= state.Cost;
        }
        else
        {
            _unmarked--;
        }
    }

    // Two states are the same for a subscriber when nothing it displays differs.
    private static bool SameValuation(PositionState a, PositionState b) =>
        a.Position == b.Position
        && a.Cost == b.Cost
        && a.MarkPrice == b.MarkPrice
        && a.RealizedPnl == b.RealizedPnl
        && a.FeesPaid == b.FeesPaid
        && a.IsStale == b.IsStale
        && a.MarketTitle == b.MarketTitle
        && a.Quote?.YesBid == b.Quote?.YesBid
        && a.Quote?.YesAsk == b.Quote?.YesAsk
        && a.Quote?.LastPrice == b.Quote?.LastPrice;

    private sealed class Slot
    {
        public required PositionState State;
    }
}
