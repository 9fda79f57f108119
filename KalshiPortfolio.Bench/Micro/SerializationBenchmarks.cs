using BenchmarkDotNet.Attributes;
using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Streaming;

namespace KalshiPortfolio.Bench.Micro;

/// <summary>
/// The SSE feed's serialization (<see cref="SseEventSerializer"/>): the snapshot every new subscriber gets (built per
/// subscriber: it is not shared), and one <c>position_update</c> (serialized once and shared by every subscriber).
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private UserPortfolio _portfolio = null!;
    private SnapshotEvent _snapshot = null!;
    private PositionUpdatedEvent _update = null!;

    [Params(500, 10_000)]
    public int Positions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        _portfolio = new UserPortfolio("bench", new StreamingOptions(), TimeProvider.System);
        var updates = new List<PositionUpdate>(Positions);
        var quotes = new List<MarketQuote>(Positions);
        for (var i = 0; i < Positions; i++)
        {
            var ticker = $"KXBENCH-26DEC31-M{i:D5}";
            var bid = 0.10m + i % 70 / 100m;
            quotes.Add(MarketQuote.Create(ticker, bid, bid + 0.04m, bid + 0.02m, now));
            updates.Add(new PositionUpdate
            {
                Ticker = ticker,
                Position = i % 2 == 0 ? 10 : -10,
                Cost = 5.00m,
                RealizedPnl = 0.25m,
                FeesPaid = 0.17m,
                UpdatedAt = now,
                MarketTitle = $"Will benchmark market {i} settle YES before the end of the year?",
                EventTicker = "KXBENCH-26DEC31",
            });
        }
        _portfolio.ApplySnapshot(updates, quotes, 1000m);
        _snapshot = _portfolio.CreateSnapshot();
        _update = new PositionUpdatedEvent(_portfolio.GetPositions()[0]) { At = now };
    }

    /// <summary>The snapshot event's JSON (what a new SSE subscriber's first event costs to serialize).</summary>
    [Benchmark]
    public int SerializeSnapshot() => SseEventSerializer.Serialize(_snapshot).Length;

    /// <summary>Building the snapshot under the portfolio's state, then its JSON (the whole per-subscriber cost).</summary>
    [Benchmark]
    public int CreateAndSerializeSnapshot() => SseEventSerializer.Serialize(_portfolio.CreateSnapshot()).Length;

    /// <summary>One position_update's JSON (paid once per update, shared by every subscriber).</summary>
    [Benchmark]
    public int SerializePositionUpdate() => SseEventSerializer.Serialize(_update).Length;
}
