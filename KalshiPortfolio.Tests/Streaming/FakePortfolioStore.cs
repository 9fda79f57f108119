using System.Collections.Concurrent;
using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>An in-memory <see cref="IPortfolioStore"/> whose writes can be made to fail.</summary>
internal sealed class FakePortfolioStore : IPortfolioStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PositionState> _positions = new(StringComparer.Ordinal);
    private int _failSaves;
    private int _saveCalls;
    private int _replaceCalls;

    /// <summary>The next N calls to SaveChangesAsync throw (int.MaxValue: forever).</summary>
    public void FailSaves(int count) => Volatile.Write(ref _failSaves, count);

    public int SaveCalls => Volatile.Read(ref _saveCalls);

    public int ReplaceCalls => Volatile.Read(ref _replaceCalls);

    public decimal? Cash { get; private set; }

    public ConcurrentDictionary<(string, DateOnly), decimal> Baselines { get; } = new();

    public CachedPortfolio Loaded { get; set; } = new([], null, null);

    public IReadOnlyDictionary<string, PositionState> Positions
    {
        get { lock (_gate) { return new Dictionary<string, PositionState>(_positions); } }
    }

    public Task<CachedPortfolio> LoadAsync(string userId, CancellationToken cancellationToken = default) => Task.FromResult(Loaded);

    public Task SaveChangesAsync(string userId, IReadOnlyCollection<PositionState> upserts, IReadOnlyCollection<string> closedTickers, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _saveCalls);
        var remaining = Volatile.Read(ref _failSaves);
        if (remaining > 0)
        {
            if (remaining != int.MaxValue)
            {
                Interlocked.Decrement(ref _failSaves);
            }
            throw new IOException("database is locked (simulated)");
        }
        lock (_gate)
        {
            foreach (var p in upserts)
            {
                _positions[p.Ticker] = p;
            }
            foreach (var t in closedTickers)
            {
                _positions.Remove(t);
            }
        }
        return Task.CompletedTask;
    }

    public Task ReplaceAllAsync(string userId, IReadOnlyCollection<PositionState> positions, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _replaceCalls);
        lock (_gate)
        {
            _positions.Clear();
            foreach (var p in positions)
            {
                _positions[p.Ticker] = p;
            }
        }
        return Task.CompletedTask;
    }

    public Task SaveCashAsync(string userId, decimal cash, CancellationToken cancellationToken = default)
    {
        Cash = cash;
        return Task.CompletedTask;
    }

    public Task<decimal> GetOrSetBaselineAsync(string userId, DateOnly tradingDay, decimal totalValueNow, CancellationToken cancellationToken = default) =>
        Task.FromResult(Baselines.GetOrAdd((userId, tradingDay), totalValueNow));

    public Task DeleteUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _positions.Clear();
        }
        return Task.CompletedTask;
    }
}
