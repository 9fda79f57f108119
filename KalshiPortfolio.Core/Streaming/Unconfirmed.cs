namespace KalshiPortfolio.Core.Streaming;

/// <summary>Why Kalshi's word on one market is in doubt: an item about it was sent but could not be used.</summary>
public enum UnconfirmedReason
{
    /// <summary>A live quote (<c>ticker</c>) for the market was unusable: its price may have moved. A later good quote clears it.</summary>
    QuoteSkipped,

    /// <summary>A position item (a REST row, a <c>market_position</c> or <c>fill</c>) was unusable: only a snapshot with a readable row clears it.</summary>
    PositionSkipped,
}

/// <summary>
/// Markets whose figures Kalshi has not confirmed since an unusable item about them: neither a live socket nor a
/// snapshot that did not read them counts as confirming them, so they age into stale like any unconfirmed mark.
/// Single-threaded: its owner (<see cref="UserPortfolio"/>) holds the lock.
/// </summary>
internal sealed class Unconfirmed
{
    private readonly Dictionary<string, (UnconfirmedReason Reason, long LastConfirmed)> _markets = new(StringComparer.Ordinal);

    /// <summary>
    /// Marks <paramref name="ticker"/> in doubt; <paramref name="lastConfirmed"/> is when Kalshi last confirmed it (an
    /// earlier mark's time is kept; a position doubt outranks a quote doubt).
    /// </summary>
    public void Mark(string ticker, UnconfirmedReason reason, long lastConfirmed)
    {
        if (_markets.TryGetValue(ticker, out var existing))
        {
            var stronger = existing.Reason == UnconfirmedReason.PositionSkipped ? existing.Reason : reason;
            _markets[ticker] = (stronger, existing.LastConfirmed);
            return;
        }
        _markets[ticker] = (reason, lastConfirmed);
    }

    /// <summary>A good live quote arrived: a quote doubt ends; a position doubt stays.</summary>
    public void QuoteConfirmed(string ticker)
    {
        if (_markets.TryGetValue(ticker, out var existing) && existing.Reason == UnconfirmedReason.QuoteSkipped)
        {
            _markets.Remove(ticker);
        }
    }

    /// <summary>A snapshot read the market's row and quote: every doubt ends.</summary>
    public void Confirmed(string ticker) => _markets.Remove(ticker);

    /// <summary>When Kalshi last confirmed the market before the doubt, or null when its word on it stands.</summary>
    public long? LastConfirmed(string ticker) => _markets.TryGetValue(ticker, out var m) ? m.LastConfirmed : null;
}
