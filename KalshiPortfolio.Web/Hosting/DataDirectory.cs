namespace KalshiPortfolio.Web.Hosting;

/// <summary>
/// The one directory holding everything the app persists: the SQLite database, the Data Protection key ring
/// and the session signing key. Setting <c>DataDirectory</c> (default: <c>data/</c> under the content root);
/// a relative path is taken from the content root. Created on first run, readable by its owner only (the directory,
/// the key ring directory, the database file and, through it, SQLite's -wal/-shm files).
/// </summary>
public sealed class DataDirectory
{
    public const string SettingName = "DataDirectory";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private DataDirectory(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "kalshiportfolio.db");

    /// <summary>The Data Protection key ring: a separate directory, never inside the database.</summary>
    public string KeyRingPath => Path.Combine(Root, "keys");

    public string SessionKeyPath => Path.Combine(Root, "session-signing.key");

    /// <summary>Where an embedded simulator keeps its demo account's key pair.</summary>
    public string SimulatorPath => Path.Combine(Root, "simulator");

    /// <summary>Pooled. The busy timeout is added by the persistence set-up (<c>Storage:BusyTimeout</c>).</summary>
    public string ConnectionString => $"Data Source={DatabasePath};Pooling=True";

    public static DataDirectory Resolve(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[SettingName];
        var root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(contentRoot, "data")
            : Path.GetFullPath(configured, contentRoot);
        var directory = new DataDirectory(root);
        directory.EnsureCreated();
        return directory;
    }

    private void EnsureCreated()
    {
        CreateOwnerOnly(Root);
        CreateOwnerOnly(KeyRingPath);
        CreateDatabaseOwnerOnly();
    }

    // SQLite creates a missing database with the process umask (typically 0644) and gives its -wal and -shm files
    // the database file's mode. An empty file is a valid new database, so creating it here owner-only makes all three
    // owner-only (an existing one is corrected), even if the directory's own protection is lost, e.g. in a copy.
    internal void CreateDatabaseOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            WriteSecretFile(DatabasePath, []);
        }
        catch (IOException) when (File.Exists(DatabasePath))
        {
            File.SetUnixFileMode(DatabasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    internal static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnly);
        File.SetUnixFileMode(path, OwnerOnly);
    }

    /// <summary>Writes a secret file readable and writable by its owner only.</summary>
    internal static void WriteSecretFile(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        stream.Write(content);
    }
}
