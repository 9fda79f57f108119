using System.ComponentModel.DataAnnotations;

namespace KalshiPortfolio.Web.Hosting;

/// <summary>What the app does with damaged storage found at start (section <c>Storage</c>). Validated at start-up.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// A database or Data Protection key ring that cannot be read at start: moved aside and replaced by a fresh one
    /// (<see cref="StorageCorruptionPolicy.MoveAside"/>, the default), or the start refused with a message.
    /// </summary>
    [EnumDataType(typeof(StorageCorruptionPolicy))]
    public StorageCorruptionPolicy OnCorruption { get; set; } = StorageCorruptionPolicy.MoveAside;

    /// <summary>
    /// SQLite's busy timeout (whole seconds): a statement, or a transaction's <c>BEGIN</c>, that finds the database
    /// locked by another writer waits this long before it fails.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many more times a unit of work still locked out after <see cref="BusyTimeout"/> is tried (then 503 <c>storage_unavailable</c>).</summary>
    [Range(0, 10)]
    public int BusyRetries { get; set; } = 5;
}

public enum StorageCorruptionPolicy
{
    /// <summary>Rename the damaged files to <c>*.corrupt-&lt;UTC time&gt;</c>, log both names, and start fresh.</summary>
    MoveAside,

    /// <summary>Log what is damaged and what to do, and end the process with a non-zero exit code.</summary>
    Refuse,
}
