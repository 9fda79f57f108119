using KalshiPortfolio.Bench.Latency;

namespace KalshiPortfolio.Bench.Browser;

/// <summary>A change of a card's P&amp;L text seen by the page's MutationObserver, on the bench's clock (ms).</summary>
public readonly record struct DomChange(string Ticker, double AtMs);

/// <summary>A quote change published to a market whose card is in the DOM, on the bench's clock (ms).</summary>
public readonly record struct CardPublish(string Ticker, double AtMs, bool InWindow);

/// <summary>
/// Pairs quote changes with the P&amp;L text changes they caused. A card's text change shows every quote change of its
/// market published before it and not yet shown; its latency is counted once, from the earliest of them (the others
/// were coalesced into the same render). A quote change in the window that no later text change shows is missed.
/// </summary>
public static class DomLatencyMatcher
{
    public sealed record Outcome(LatencyHistogram Histogram, long Publishes, long Missed, long Coalesced, long Unattributed);

    public static Outcome Match(IEnumerable<CardPublish> publishes, IEnumerable<DomChange> changes)
    {
        var histogram = new LatencyHistogram();
        long total = 0, missed = 0, coalesced = 0, unattributed = 0;
        var changesByTicker = changes.GroupBy(c => c.Ticker).ToDictionary(g => g.Key, g => g.Select(c => c.AtMs).Order().ToList(), StringComparer.Ordinal);
        foreach (var group in publishes.GroupBy(p => p.Ticker))
        {
            var pending = group.OrderBy(p => p.AtMs).ToList();
            var times = changesByTicker.GetValueOrDefault(group.Key) ?? [];
            changesByTicker.Remove(group.Key);
            var next = 0;
            foreach (var at in times)
            {
                var first = next;
                while (next < pending.Count && pending[next].AtMs <= at)
                {
                    next++;
                }
                if (next == first)
                {
                    unattributed++; // a text change with no quote change before it (e.g. a slot re-rendered)
                    continue;
                }
                if (pending[first].InWindow)
                {
                    histogram.Record((long)Math.Round((at - pending[first].AtMs) * 1000));
                }
                for (var i = first + 1; i < next; i++)
                {
                    if (pending[i].InWindow)
                    {
                        coalesced++;
                    }
                }
            }
            for (var i = next; i < pending.Count; i++)
            {
                if (pending[i].InWindow)
                {
                    missed++;
                }
            }
            total += pending.Count(p => p.InWindow);
        }
        unattributed += changesByTicker.Values.Sum(t => t.Count);
        return new Outcome(histogram, total, missed, coalesced, unattributed);
    }
}
