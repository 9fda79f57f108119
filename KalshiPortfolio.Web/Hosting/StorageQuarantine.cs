using System.Globalization;

namespace KalshiPortfolio.Web.Hosting;

/// <summary>
/// Moves damaged storage out of the way, keeping it for inspection: <c>kalshiportfolio.db</c> (with its <c>-wal</c>
/// and <c>-shm</c> files) becomes <c>kalshiportfolio.db.corrupt-&lt;UTC time&gt;</c>, <c>keys/</c> becomes
/// <c>keys.corrupt-&lt;UTC time&gt;</c>; an empty owner-only replacement takes the original name.
/// </summary>
public static class StorageQuarantine
{
    /// <summary>A file or directory moved aside: where it was, where it is now.</summary>
    public sealed record Moved(string From, string To);

    public static string Suffix(DateTimeOffset now) =>
        ".corrupt-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Moves the database and its -wal/-shm files aside and creates an empty database file in its place.</summary>
    public static IReadOnlyList<Moved> MoveDatabaseAside(DataDirectory directory, DateTimeOffset now)
    {
        var suffix = Suffix(now);
        var moved = new List<Moved>();
        foreach (var file in new[] { directory.DatabasePath, directory.DatabasePath + "-wal", directory.DatabasePath + "-shm" })
        {
            if (File.Exists(file))
            {
                File.Move(file, file + suffix);
                moved.Add(new Moved(file, file + suffix));
            }
        }
        directory.CreateDatabaseOwnerOnly();
        return moved;
    }

    /// <summary>Moves the key ring directory aside and creates an empty owner-only one in its place.</summary>
    public static Moved MoveKeyRingAside(DataDirectory directory, DateTimeOffset now)
    {
        var to = directory.KeyRingPath + Suffix(now);
        Directory.Move(directory.KeyRingPath, to);
        DataDirectory.CreateOwnerOnly(directory.KeyRingPath);
        return new Moved(directory.KeyRingPath, to);
    }
}
