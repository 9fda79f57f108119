namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// Follows each subscription's <c>seq</c> on one socket: a number that skips means Kalshi sent messages this link
/// never read. Used on the socket's receive loop only (single-threaded).
/// </summary>
internal sealed class SequenceGaps
{
    private readonly Dictionary<long, long> _last = [];

    /// <summary>Forgets every subscription (a new socket starts its own numbering).</summary>
    public void Reset() => _last.Clear();

    /// <summary>Records a message; true when it follows a gap in its subscription's numbering.</summary>
    public bool Observe(long? sid, long? seq)
    {
        if (sid is not { } s || seq is not { } n)
        {
            return false;
        }
        var gap = _last.TryGetValue(s, out var last) && n > last + 1;
        if (!_last.TryGetValue(s, out last) || n > last)
        {
            _last[s] = n;
        }
        return gap;
    }
}
