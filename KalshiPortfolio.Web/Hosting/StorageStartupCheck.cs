using System.Data.Common;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Web.Hosting;

/// <summary>
/// Opens the app's storage at start: applies the migrations, checks the database (<c>PRAGMA quick_check</c>), loads
/// the revocation list, and encrypts and decrypts a probe with the Data Protection key ring. Damaged storage is
/// handled by <c>Storage:OnCorruption</c>: moved aside and replaced by a fresh one (Kalshi restores the positions,
/// users sign in again), or the start refused with a message that names the file and says what to do. Storage that
/// cannot be written at all (a full disk, no permission) refuses the start with such a message too.
/// </summary>
public sealed class StorageStartupCheck(
    DataDirectory directory,
    IDbContextFactory<PortfolioDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    TokenRevocationList revocations,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<StorageStartupCheck> logger)
{
    private const string ProbePurpose = "KalshiPortfolio.KeyRingCheck.v1";
    private const int SqliteCorrupt = 11;

    /// <summary>True when the app may start; false when it must not (the reason is logged, as Critical).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken = default)
    {
        var policy = options.Value.OnCorruption;
        return await PrepareDatabaseAsync(policy, cancellationToken) && PrepareKeyRing(policy);
    }

    private async Task<bool> PrepareDatabaseAsync(StorageCorruptionPolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            await OpenDatabaseAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (StorageFaults.IsCorruption(ex))
        {
            if (policy == StorageCorruptionPolicy.Refuse)
            {
                logger.LogCritical(
                    "The database {Database} is damaged ({Error}) and Storage:OnCorruption is Refuse, so the app does not start. " +
                    "Move the file (and its -wal and -shm files) aside or restore a backup, then start again; or set Storage:OnCorruption=MoveAside " +
                    "to have the app do it and start with a fresh database (Kalshi restores the positions; users sign in again).",
                    directory.DatabasePath, StorageFaults.Describe(ex));
                return false;
            }
            // Pooled connections still have the damaged file open: closed first, so nothing writes to it once moved.
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());
            }
            var moved = StorageQuarantine.MoveDatabaseAside(directory, time.GetUtcNow());
            logger.LogWarning(
                "The database {Database} is damaged ({Error}): moved aside to {MovedTo} ({Files}), and a fresh database is created. " +
                "Kalshi restores the positions; users sign in again.",
                directory.DatabasePath, StorageFaults.Describe(ex), moved.FirstOrDefault()?.To,
                string.Join(", ", moved.Select(m => $"{m.From} → {m.To}")));
        }
        catch (Exception ex) when (StorageFaults.IsStorageFault(ex))
        {
            return Unwritable(directory.DatabasePath, ex);
        }
        try
        {
            await OpenDatabaseAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (StorageFaults.IsStorageFault(ex))
        {
            return Unwritable(directory.DatabasePath, ex);
        }
    }

    private async Task OpenDatabaseAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Checked before anything is written, so damaged storage is moved aside (or refused) as it was found.
            var problems = await QuickCheckAsync(db.Database.GetDbConnection(), cancellationToken);
            if (problems.Count > 0)
            {
                throw new SqliteException("PRAGMA quick_check: " + string.Join("; ", problems.Take(3)), SqliteCorrupt);
            }
            await db.Database.MigrateAsync(cancellationToken);
            // WAL: readers (API, UI) never wait for the write-through cache.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await revocations.LoadAsync(cancellationToken);
    }

    // Reads every page of the database (without the slower index cross-checks of integrity_check): "ok", or the damage.
    private static async Task<IReadOnlyList<string>> QuickCheckAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check;";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(reader.GetString(0));
        }
        return rows is ["ok"] ? [] : rows;
    }

    private bool PrepareKeyRing(StorageCorruptionPolicy policy)
    {
        try
        {
            ProbeKeyRing();
            return true;
        }
        catch (IOException ex)
        {
            return Unwritable(directory.KeyRingPath, ex);
        }
        catch (Exception ex)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            if (policy == StorageCorruptionPolicy.Refuse)
            {
                logger.LogCritical(
                    "The Data Protection key ring {KeyRing} cannot be read ({Error}) and Storage:OnCorruption is Refuse, so the app does not start. " +
                    "Move the directory aside or restore a backup, then start again; or set Storage:OnCorruption=MoveAside to have the app do it " +
                    "and start with a fresh key ring (stored Kalshi keys can no longer be read: users sign in again).",
                    directory.KeyRingPath, error);
                return false;
            }
            var moved = StorageQuarantine.MoveKeyRingAside(directory, time.GetUtcNow());
            logger.LogWarning(
                "The Data Protection key ring {KeyRing} cannot be read ({Error}): moved aside to {MovedTo}, and a fresh key ring is created. " +
                "Stored Kalshi keys can no longer be read: users sign in again.",
                moved.From, error, moved.To);
        }
        try
        {
            ProbeKeyRing();
            return true;
        }
        catch (Exception ex)
        {
            return Unwritable(directory.KeyRingPath, ex);
        }
    }

    private void ProbeKeyRing()
    {
        var protector = dataProtection.CreateProtector(ProbePurpose);
        protector.Unprotect(protector.Protect([1, 2, 3]));
    }

    private bool Unwritable(string path, Exception ex)
    {
        logger.LogCritical(
            "{Path} cannot be opened or written ({Error}), so the app does not start. Check that the disk has free space and that " +
            "the data directory {DataDirectory} is writable by this user, then start again.",
            path, StorageFaults.Describe(ex), directory.Root);
        return false;
    }
}
