using System.Security.Cryptography;
using System.Text.Json;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Web.Security;

/// <summary>
/// Stores each user's Kalshi key encrypted with ASP.NET Core Data Protection under its own purpose. The key id
/// and the private key are encrypted together; neither is ever written, logged or returned in plain text.
/// </summary>
public sealed class CredentialManager(
    IDbContextFactory<PortfolioDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    ILogger<CredentialManager> logger)
{
    /// <summary>The Data Protection purpose: credentials are unreadable to any other use of the key ring.</summary>
    public const string Purpose = "KalshiPortfolio.Credentials.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    /// <summary>Stores (or replaces) the user's key.</summary>
    public async Task StoreAsync(StoredCredentials credentials, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(credentials.KeyId, credentials.PrivateKeyPem));
        var protectedKey = Convert.ToBase64String(_protector.Protect(payload));
        CryptographicOperations.ZeroMemory(payload);
        var now = time.GetUtcNow().UtcDateTime;

        // One statement, so concurrent first sign-ins of one user store the key once instead of racing to insert it.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_credentials (user_id, environment, protected_key, created_at, updated_at, invalid_since)
            VALUES ({credentials.UserId}, {credentials.Environment}, {protectedKey}, {now}, {now}, NULL)
            ON CONFLICT (user_id) DO UPDATE SET
                environment = excluded.environment,
                protected_key = excluded.protected_key,
                updated_at = excluded.updated_at,
                invalid_since = NULL
            """, cancellationToken);
        logger.LogInformation("Stored Kalshi credentials for user {UserId} ({Environment})", credentials.UserId, credentials.Environment);
    }

    /// <summary>The user's key, or null when none is stored or it can no longer be decrypted.</summary>
    public async Task<StoredCredentials?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.UserCredentials.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == userId, cancellationToken);
        return row is null ? null : Unprotect(row);
    }

    /// <summary>Every stored user whose key is still considered valid (to resume their streams after a restart).</summary>
    public async Task<IReadOnlyList<StoredCredentials>> GetAllValidAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.UserCredentials.AsNoTracking().Where(x => x.InvalidSinceUtc == null).ToListAsync(cancellationToken);
        return rows.Select(Unprotect).OfType<StoredCredentials>().ToList();
    }

    /// <summary>Records that Kalshi refused the stored key.</summary>
    public async Task MarkInvalidAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.UserCredentials.Where(x => x.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.InvalidSinceUtc, time.GetUtcNow().UtcDateTime), cancellationToken);
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.UserCredentials.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted Kalshi credentials for user {UserId}", userId);
        }
        return deleted > 0;
    }

    private StoredCredentials? Unprotect(UserCredential row)
    {
        try
        {
            var payload = _protector.Unprotect(Convert.FromBase64String(row.ProtectedKey));
            var key = JsonSerializer.Deserialize<Payload>(payload)!;
            CryptographicOperations.ZeroMemory(payload);
            return new StoredCredentials(row.UserId, row.Environment, key.KeyId, key.PrivateKeyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            // The key ring that encrypted it is gone (or the row is damaged): the user must sign in again.
            logger.LogWarning("Stored credentials of user {UserId} cannot be decrypted ({Error}); sign-in required",
                row.UserId, ex.GetType().Name);
            return null;
        }
    }

    private sealed record Payload(string KeyId, string PrivateKeyPem);
}
