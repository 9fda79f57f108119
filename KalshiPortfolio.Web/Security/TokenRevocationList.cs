using System.Collections.Concurrent;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Web.Security;

/// <summary>
/// Revoked session tokens, persisted so a revoked token stays refused after a restart. Checked on every
/// authenticated request from memory; rows are dropped once the token would have expired anyway.
/// </summary>
public sealed class TokenRevocationList(IDbContextFactory<PortfolioDbContext> dbFactory, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    /// <summary>Raised with the token id when a token is revoked (open SSE streams under it end).</summary>
    public event Action<string>? Revoked;

    public bool IsRevoked(string tokenId) => _revoked.ContainsKey(tokenId);

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.RevokedTokens.Where(x => x.ExpiresAtUtc < now).ExecuteDeleteAsync(cancellationToken);
        foreach (var row in await db.RevokedTokens.AsNoTracking().ToListAsync(cancellationToken))
        {
            _revoked[row.TokenId] = new DateTimeOffset(row.ExpiresAtUtc, TimeSpan.Zero);
        }
    }

    public async Task RevokeAsync(string tokenId, string userId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.RevokedTokens.FindAsync([tokenId], cancellationToken) is null)
            {
                db.RevokedTokens.Add(new RevokedToken
                {
                    TokenId = tokenId,
                    UserId = userId,
                    ExpiresAtUtc = expiresAt.UtcDateTime,
                    RevokedAtUtc = time.GetUtcNow().UtcDateTime,
                });
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        _revoked[tokenId] = expiresAt;
        ForgetExpired();
        Revoked?.Invoke(tokenId);
    }

    // A token past its expiry is refused anyway: the list only needs the ones still valid, so it does not grow for
    // as long as the app runs (the rows go at the next start).
    private void ForgetExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (tokenId, expiresAt) in _revoked)
        {
            if (expiresAt <= now)
            {
                _revoked.TryRemove(tokenId, out _);
            }
        }
    }
}
