using Microsoft.Data.Sqlite;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// Another writer holding the app's database: a connection of its own (not pooled) with an open
/// <c>BEGIN IMMEDIATE</c> transaction, so every write of the app waits for the busy timeout and then fails with
/// SQLITE_BUSY while reads (WAL) go on. Released (rolled back) on dispose. Unlike file permissions, root obeys it.
/// </summary>
public sealed class SqliteWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteWriteLock(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<SqliteWriteLock> TakeAsync(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = false,
            DefaultTimeout = 10,
        }.ToString());
        await connection.OpenAsync();
        // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, not at the first write.
        var transaction = connection.BeginTransaction(deferred: false);
        return new SqliteWriteLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
