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
}

public enum StorageCorruptionPolicy
{
    /// <summary>Rename the damaged files to <c>*.corrupt-&lt;UTC time&gt;</c>, log both names, and start fresh.</summary>
    MoveAside,

    /// <summary>Log what is damaged and what to do, and end the process with a non-zero exit code.</summary>
    Refuse,
}
