using System.Collections.Concurrent;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Web.Security;

/// <summary>
/// Revoked session tokens, persisted so a revoked token stays refused after a restart. Checked on every
/// authenticated request from memory; rows are dropped once the token would have expired anyway. Also holds each
/// user's logout cut-off (<see cref="EndSessionsOfAsync"/>): a token issued at or before it stays refused for good.
/// </summary>
public sealed class TokenRevocationList(IDbContextFactory<PortfolioDbContext> dbFactory, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _validAfter = new(StringComparer.Ordinal);

    /// <summary>Raised with the token id when a token is revoked (open SSE streams under it end).</summary>
    public event Action<string>? Revoked;

    public bool IsRevoked(string tokenId) => _revoked.ContainsKey(tokenId);

    /// <summary>The user's logout cut-off, if the user ever logged out: tokens issued at or before it are refused.</summary>
    public DateTimeOffset? ValidAfter(string userId) => _validAfter.TryGetValue(userId, out var at) ? at : null;

    /// <summary>True when the token was revoked or was issued at or before its user's logout cut-off.</summary>
    public bool IsRefused(string tokenId, string userId, DateTimeOffset issuedAt) =>
        IsRevoked(tokenId) || IsEndedByLogout(userId, issuedAt);

    /// <summary>
    /// Ends every session of the user issued until now, persisted: such tokens stay refused after a restart and after
    /// the user signs in again (only tokens issued later are accepted).
    /// </summary>
    /// <summary>True when the user logged out after the token was issued (or the issue time is unknown and the user ever logged out).</summary>
    public bool IsEndedByLogout(string userId, DateTimeOffset? issuedAt) =>
        ValidAfter(userId) is { } cutoff && (issuedAt is not { } at || at <= cutoff);

    /// <summary>
    /// Ends every session of the user issued until now, persisted: such tokens stay refused after a restart and after
    /// the user signs in again (only tokens issued later are accepted).
    /// </summary>
    public async Task EndSessionsOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (await db.UserSessionCutoffs.FindAsync([userId], cancellationToken) is { } row)
                {
                    if (row.ValidAfterUtc < now.UtcDateTime)
                    {
                        row.ValidAfterUtc = now.UtcDateTime;
                    }
                }
                else
                {
                    db.UserSessionCutoffs.Add(new UserSessionCutoff { UserId = userId, ValidAfterUtc = now.UtcDateTime });
                }
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // Another logout of the same user inserted the row first: update it instead.
            }
        }
        _validAfter.AddOrUpdate(userId, now, (_, before) => before > now ? before : now);
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.RevokedTokens.Where(x => x.ExpiresAtUtc < now).ExecuteDeleteAsync(cancellationToken);
        foreach (var row in await db.RevokedTokens.AsNoTracking().ToListAsync(cancellationToken))
        {
            _revoked[row.TokenId] = new DateTimeOffset(row.ExpiresAtUtc, TimeSpan.Zero);
        }
        foreach (var row in await db.UserSessionCutoffs.AsNoTracking().ToListAsync(cancellationToken))
        {
            _validAfter[row.UserId] = new DateTimeOffset(row.ValidAfterUtc, TimeSpan.Zero);
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
