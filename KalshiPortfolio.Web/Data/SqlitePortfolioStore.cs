using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Web.Data;

/// <summary>The position cache, cash and baselines on SQLite, one short-lived context per unit of work.</summary>
public sealed class SqlitePortfolioStore(IDbContextFactory<PortfolioDbContext> dbFactory, TimeProvider time) : IPortfolioStore
{
    public async Task<CachedPortfolio> LoadAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.PositionCache.AsNoTracking().Where(x => x.UserId == userId).ToListAsync(cancellationToken);
        var account = await db.AccountCache.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == userId, cancellationToken);
        var positions = rows
            .OrderBy(r => r.Ticker, StringComparer.Ordinal)
            .Select(r => new CachedPositionState(
                new PositionUpdate
                {
                    Ticker = r.Ticker,
                    Position = r.Position,
                    Cost = r.Cost,
                    RealizedPnl = r.RealizedPnl,
                    FeesPaid = r.FeesPaid,
                    UpdatedAt = Utc(r.UpdatedAtUtc),
                    MarketTitle = r.MarketTitle,
                    EventTicker = r.EventTicker,
                },
                r.QuoteAtUtc is { } quoteAt
                    ? MarketQuote.Create(r.Ticker, r.YesBid, r.YesAsk, r.LastPrice, Utc(quoteAt))
                    : null,
                Utc(r.CachedAtUtc)))
            .ToList();
        var baseline = await db.DailyBaselines.AsNoTracking().Where(x => x.UserId == userId)
            .OrderByDescending(x => x.TradingDay).FirstOrDefaultAsync(cancellationToken);
        return new CachedPortfolio(
            positions,
            account?.Cash,
            account is null ? null : Utc(account.UpdatedAtUtc),
            baseline is null ? null : new StoredBaseline(baseline.TradingDay, baseline.TotalValue));
    }

    public async Task SaveChangesAsync(string userId, IReadOnlyCollection<PositionState> upserts, IReadOnlyCollection<string> closedTickers, CancellationToken cancellationToken = default)
    {
        if (upserts.Count == 0 && closedTickers.Count == 0)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Through the execution strategy: retried whole (a clean slate each try) when SQLite stays busy.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await SaveChangesInTransactionAsync(db, userId, upserts, closedTickers, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private async Task SaveChangesInTransactionAsync(PortfolioDbContext db, string userId, IReadOnlyCollection<PositionState> upserts, IReadOnlyCollection<string> closedTickers, CancellationToken cancellationToken)
    {
        if (closedTickers.Count > 0)
        {
            await db.PositionCache.Where(x => x.UserId == userId && closedTickers.Contains(x.Ticker)).ExecuteDeleteAsync(cancellationToken);
        }
        if (upserts.Count > 0)
        {
            var tickers = upserts.Select(p => p.Ticker).ToList();
            var existing = await db.PositionCache.Where(x => x.UserId == userId && tickers.Contains(x.Ticker))
                .ToDictionaryAsync(x => x.Ticker, StringComparer.Ordinal, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var state in upserts)
            {
                if (!existing.TryGetValue(state.Ticker, out var row))
                {
                    row = new CachedPosition { UserId = userId, Ticker = state.Ticker };
                    db.PositionCache.Add(row);
                }
                Copy(state, row, now);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task ReplaceAllAsync(string userId, IReadOnlyCollection<PositionState> positions, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.PositionCache.Where(x => x.UserId == userId).ExecuteDeleteAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var state in positions)
            {
                var row = new CachedPosition { UserId = userId, Ticker = state.Ticker };
                Copy(state, row, now);
                db.PositionCache.Add(row);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    public async Task SaveCashAsync(string userId, decimal cash, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.AccountCache.FindAsync([userId], cancellationToken);
        if (row is null)
        {
            db.AccountCache.Add(row = new CachedAccount { UserId = userId });
        }
        row.Cash = cash;
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<decimal> GetOrSetBaselineAsync(string userId, DateOnly tradingDay, decimal totalValueNow, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.DailyBaselines.FindAsync([userId, tradingDay], cancellationToken);
        if (row is not null)
        {
            return row.TotalValue;
        }
        db.DailyBaselines.Add(new DailyBaseline
        {
            UserId = userId,
            TradingDay = tradingDay,
            TotalValue = totalValueNow,
            RecordedAtUtc = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return totalValueNow;
        }
        catch (DbUpdateException)
        {
            // Recorded concurrently: the first one stands.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            return (await again.DailyBaselines.FindAsync([userId, tradingDay], cancellationToken))?.TotalValue ?? totalValueNow;
        }
    }

    public async Task DeleteUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.PositionCache.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.AccountCache.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Copy(PositionState state, CachedPosition row, DateTime now)
    {
        row.MarketTitle = state.MarketTitle;
        row.EventTicker = state.EventTicker;
        row.Position = state.Position;
        row.Cost = state.Cost;
        row.RealizedPnl = state.RealizedPnl;
        row.FeesPaid = state.FeesPaid;
        row.YesBid = state.Quote?.YesBid;
        row.YesAsk = state.Quote?.YesAsk;
        row.LastPrice = state.Quote?.LastPrice;
        row.QuoteAtUtc = state.Quote?.Timestamp.UtcDateTime;
        row.UpdatedAtUtc = state.UpdatedAt.UtcDateTime;
        row.CachedAtUtc = now;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
