using BenchmarkDotNet.Attributes;
using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Bench.Micro;

/// <summary>
/// <see cref="PositionTracker"/> with 10,000 positions: a full recompute (the mark method flips, so every position's
/// P&amp;L changes and a change is produced for each), a revaluation that changes nothing, and one price update.
/// </summary>
[MemoryDiagnoser]
public class TrackerBenchmarks
{
    private PositionTracker _tracker = null!;
    private MarketQuote[] _quotesA = [];
    private MarketQuote[] _quotesB = [];
    private bool _mid;
    private int _next;

    [Params(10_000)]
    public int Positions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_tracker, _quotesA, _quotesB) = Build(Positions);
    }

    /// <summary>A tracker with <paramref name="count"/> positions (half YES, half NO) valued at quotes A, and a second set of quotes B that moves every price.</summary>
    public static (PositionTracker Tracker, MarketQuote[] A, MarketQuote[] B) Build(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var tracker = new PositionTracker(MarkMethod.Liquidation);
        var a = new MarketQuote[count];
        var b = new MarketQuote[count];
        for (var i = 0; i < count; i++)
        {
            var ticker = $"KXBENCH-26DEC31-M{i:D5}";
            var bid = 0.10m + i % 70 / 100m;
            a[i] = MarketQuote.Create(ticker, bid, bid + 0.04m, bid + 0.02m, now);
            b[i] = MarketQuote.Create(ticker, bid + 0.01m, bid + 0.05m, bid + 0.02m, now);
            tracker.UpdatePrice(a[i]);
            tracker.UpdatePosition(new PositionUpdate
            {
                Ticker = ticker,
                Position = i % 2 == 0 ? 10 : -10,
                Cost = 5.00m,
                RealizedPnl = 0.25m,
                FeesPaid = 0.17m,
                UpdatedAt = now,
                MarketTitle = $"Benchmark market {i}",
                EventTicker = "KXBENCH-26DEC31",
            });
        }
        return (tracker, a, b);
    }

    /// <summary>Every position revalued with a different mark: 10,000 new states and changes, totals kept.</summary>
    [Benchmark]
    public int RecomputeAll()
    {
        _mid = !_mid;
        return _tracker.SetMarkMethod(_mid ? MarkMethod.Mid : MarkMethod.Liquidation).Count;
    }

    /// <summary>Every position revalued at its unchanged quote (no change to report).</summary>
    [Benchmark]
    public int RevalueAllUnchanged() => _tracker.RevalueAll().Count;

    /// <summary>One quote applied to its position (what each <c>ticker</c> message costs the tracker).</summary>
    [Benchmark]
    public PositionChange? PriceUpdate()
    {
        var i = _next++;
        var quotes = i / _quotesA.Length % 2 == 0 ? _quotesB : _quotesA;
        return _tracker.UpdatePrice(quotes[i % quotes.Length]);
    }
}
