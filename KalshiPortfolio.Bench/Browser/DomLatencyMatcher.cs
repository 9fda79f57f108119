using System.Globalization;
using KalshiPortfolio.Bench.Latency;

namespace KalshiPortfolio.Bench.Browser;

/// <summary>A card's P&amp;L text changed (seen by the page's MutationObserver), on the bench's clock (ms), with the P&amp;L it shows in cents.</summary>
public readonly record struct DomChange(string Ticker, double AtMs, long PnlCents);

/// <summary>A quote change published to a market whose card is in the DOM, on the bench's clock (ms), with the P&amp;L it implies in cents.</summary>
public readonly record struct CardPublish(string Ticker, double AtMs, bool InWindow, long PnlCents);

/// <summary>
/// Pairs quote changes with the P&amp;L text they produce. A card's new text shows the P&amp;L of one quote change: the
/// latest one published before it with that P&amp;L; its latency is the time from that publish to the text. Quote
/// changes of the same card published before it and not shown are coalesced (the page rendered a later one first);
/// a quote change in the window that no text ever shows is missed; a text that no pending quote change explains is
/// unattributed.
/// </summary>
public static class DomLatencyMatcher
{
    public sealed record Outcome(LatencyHistogram Histogram, long Publishes, long Missed, long Coalesced, long Unattributed);

    public static Outcome Match(IEnumerable<CardPublish> publishes, IEnumerable<DomChange> changes)
    {
        var histogram = new LatencyHistogram();
        long total = 0, missed = 0, coalesced = 0, unattributed = 0;
        var changesByTicker = changes.GroupBy(c => c.Ticker).ToDictionary(g => g.Key, g => g.OrderBy(c => c.AtMs).ToList(), StringComparer.Ordinal);
        foreach (var group in publishes.GroupBy(p => p.Ticker))
        {
            var pending = group.OrderBy(p => p.AtMs).ToList();
            var shown = changesByTicker.GetValueOrDefault(group.Key) ?? [];
            changesByTicker.Remove(group.Key);
            var next = 0; // publishes before this index are resolved
            foreach (var change in shown)
            {
                var match = -1;
                for (var i = next; i < pending.Count && pending[i].AtMs <= change.AtMs; i++)
                {
                    if (pending[i].PnlCents == change.PnlCents)
                    {
                        match = i;
                    }
                }
                if (match < 0)
                {
                    unattributed++;
                    continue;
                }
                for (var i = next; i < match; i++)
                {
                    if (pending[i].InWindow)
                    {
                        coalesced++;
                    }
                }
                if (pending[match].InWindow)
                {
                    histogram.Record((long)Math.Round((change.AtMs - pending[match].AtMs) * 1000));
                }
                next = match + 1;
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
        unattributed += changesByTicker.Values.Sum(c => c.Count);
        return new Outcome(histogram, total, missed, coalesced, unattributed);
    }

    /// <summary>The cents of a card's P&amp;L text ("+$1,234.50", "-$0.30", "$0.00"); null for "—" or anything else.</summary>
    public static long? ParseDollars(string text)
    {
        var negative = text.StartsWith('-') || text.StartsWith('\u2212');
        var digits = text.TrimStart('+', '-', '\u2212').TrimStart('$').Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dollars)
            ? (long)Math.Round(dollars * 100m) * (negative ? -1 : 1)
            : null;
    }
}
