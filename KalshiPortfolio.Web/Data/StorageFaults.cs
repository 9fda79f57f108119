using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Web.Data;

/// <summary>
/// Tells a fault of the app's own storage (the SQLite database, the files beside it) from any other error, by the
/// exception or anything it wraps: SQLite errors, EF Core's update failures, and file-system errors (a full disk).
/// </summary>
public static class StorageFaults
{
    // SQLite's primary result codes (https://www.sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>True when the store could not be read or written (database damaged, locked, read-only, disk full…).</summary>
    public static bool IsStorageFault(Exception exception) => Chain(exception).Any(e => e switch
    {
        SqliteException or DbUpdateException => true,
        // A request whose client went away is an IOException too, and no fault of the store.
        Microsoft.AspNetCore.Http.BadHttpRequestException or Microsoft.AspNetCore.Connections.ConnectionResetException => false,
        IOException => true,
        _ => false,
    });

    /// <summary>True when SQLite says the database file is damaged or is not a database at all.</summary>
    public static bool IsCorruption(Exception exception) =>
        Chain(exception).OfType<SqliteException>().Any(e => e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase);

    /// <summary>True when another connection held the lock for longer than the busy timeout: worth trying again.</summary>
    public static bool IsBusy(Exception exception) =>
        Chain(exception).OfType<SqliteException>().Any(e => e.SqliteErrorCode is SqliteBusy or SqliteLocked);

    /// <summary>What went wrong, for a log line: the exception types and SQLite's code, never a statement or a value.</summary>
    public static string Describe(Exception exception) => string.Join(" → ", Chain(exception).Select(e => e switch
    {
        SqliteException sqlite => $"{nameof(SqliteException)} {sqlite.SqliteErrorCode}/{sqlite.SqliteExtendedErrorCode}: {sqlite.Message}",
        IOException io => $"{io.GetType().Name}: {io.Message}",
        _ => e.GetType().Name,
    }));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
                yield break;
            }
            yield return current;
        }
    }
}
