using System.Diagnostics;
using System.Text;

namespace KalshiPortfolio.Bench.Load;

/// <summary>
/// The quotes the bench publishes and when. Each held market walks through <see cref="StatesPerTicker"/> distinct
/// quotes (YES bid 0.10–0.88, spread 1–4 ¢), one step per update, so every update moves both the bid and the ask
/// (the P&amp;L of YES and NO holders changes) and a quote seen by a client names exactly one publish unless the
/// client is more than <see cref="StatesPerTicker"/> updates of that market behind. A publish records its sequence
/// number and <see cref="Stopwatch"/> time in the slot of (market, quote) before the quote is set, so a receiver
/// finds both from the ticker and the prices it reads.
/// </summary>
public sealed class PublishLedger
{
    public const int MinBidCents = 10;
    public const int BidSteps = 79; // 0.10 … 0.88
    public const int Spreads = 4; // 1 … 4 cents
    public const int StatesPerTicker = BidSteps * Spreads;

    private readonly long[] _timestamps;
    private readonly long[] _sequences;
    private readonly int[] _states;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private long _lastSequence;

    public PublishLedger(IReadOnlyList<string> tickers)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        Tickers = tickers;
        var index = new Dictionary<string, int>(tickers.Count, StringComparer.Ordinal);
        for (var i = 0; i < tickers.Count; i++)
        {
            if (!index.TryAdd(tickers[i], i))
            {
                throw new ArgumentException($"Ticker {tickers[i]} is listed twice.", nameof(tickers));
            }
        }
        _lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        _timestamps = new long[tickers.Count * StatesPerTicker];
        _sequences = new long[tickers.Count * StatesPerTicker];
        _states = new int[tickers.Count];
    }

    public IReadOnlyList<string> Tickers { get; }

    /// <summary>The sequence number of the last publish (0 before any).</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>The YES bid and ask (in cents) of quote <paramref name="state"/>.</summary>
    public static (int BidCents, int AskCents) PricesOf(int state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(state);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(state, StatesPerTicker);
        var bid = MinBidCents + state % BidSteps;
        return (bid, bid + 1 + state / BidSteps);
    }

    /// <summary>The quote number of a bid and ask, or -1 when the bench never publishes that quote.</summary>
    public static int StateOf(int bidCents, int askCents)
    {
        var step = bidCents - MinBidCents;
        var spread = askCents - bidCents - 1;
        return step is >= 0 and < BidSteps && spread is >= 0 and < Spreads ? spread * BidSteps + step : -1;
    }

    /// <summary>The index of a ticker given as UTF-8, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> utf8Ticker)
    {
        if (utf8Ticker.Length > 256)
        {
            return -1;
        }
        Span<char> chars = stackalloc char[utf8Ticker.Length];
        var length = Encoding.UTF8.GetChars(utf8Ticker, chars);
        return _lookup.TryGetValue(chars[..length], out var index) ? index : -1;
    }

    /// <summary>The quote the market shows now (before the first <see cref="Stamp"/>: quote 0).</summary>
    public (int BidCents, int AskCents) Current(int tickerIndex) => PricesOf(_states[tickerIndex]);

    /// <summary>
    /// Moves a market to its next quote and records the publish (sequence and time, taken now). Call right before
    /// setting the quote on the exchange. Single publisher only.
    /// </summary>
    public Publish Stamp(int tickerIndex)
    {
        var state = (_states[tickerIndex] + 1) % StatesPerTicker;
        _states[tickerIndex] = state;
        var slot = tickerIndex * StatesPerTicker + state;
        var sequence = _lastSequence + 1;
        var timestamp = Stopwatch.GetTimestamp();
        _timestamps[slot] = timestamp;
        Volatile.Write(ref _sequences[slot], sequence);
        Volatile.Write(ref _lastSequence, sequence);
        var (bid, ask) = PricesOf(state);
        return new Publish(sequence, tickerIndex, bid, ask, timestamp);
    }

    /// <summary>Finds the publish a received quote reflects. False when the bench never published it.</summary>
    public bool TryFind(int tickerIndex, int bidCents, int askCents, out long sequence, out long timestamp)
    {
        var state = StateOf(bidCents, askCents);
        if ((uint)tickerIndex >= (uint)_states.Length || state < 0)
        {
            sequence = 0;
            timestamp = 0;
            return false;
        }
        var slot = tickerIndex * StatesPerTicker + state;
        sequence = Volatile.Read(ref _sequences[slot]);
        timestamp = _timestamps[slot];
        return sequence != 0;
    }
}

/// <summary>One quote change: its sequence number, market, prices and the <see cref="Stopwatch"/> time it was published.</summary>
public readonly record struct Publish(long Sequence, int TickerIndex, int BidCents, int AskCents, long Timestamp)
{
    public decimal Bid => BidCents / 100m;

    public decimal Ask => AskCents / 100m;
}
