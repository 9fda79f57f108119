using System.Globalization;
using System.Runtime.InteropServices;

namespace KalshiPortfolio.Bench.Reporting;

/// <summary>The machine a run was on (from <c>/proc</c> and <c>/etc/os-release</c> on Linux).</summary>
public sealed record MachineInfo(
    int Cores,
    string CpuModel,
    double MemoryGb,
    string Os,
    string Kernel,
    string Dotnet,
    string? LoadAverageAtStart,
    string? LoadAverageAtEnd)
{
    public static MachineInfo Read(string? loadAtStart = null) => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadMemoryGb(),
        OsName(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        loadAtStart,
        null);

    /// <summary>The 1, 5 and 15 minute load averages, e.g. "1.20 0.80 0.50" (a noisy machine shows here).</summary>
    public static string? LoadAverage() =>
        TryRead("/proc/loadavg") is { } text ? string.Join(' ', text.Split(' ').Take(3)) : null;

    private static string ReadCpuModel() =>
        TryRead("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':') + 1)..].Trim()
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static double ReadMemoryGb()
    {
        var line = TryRead("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (line is null)
        {
            return Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9, 1);
        }
        var kb = long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return Math.Round(kb / 1024.0 / 1024.0, 1);
    }

    private static string OsName() =>
        TryRead("/etc/os-release")?.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) is { } line
            ? line["PRETTY_NAME=".Length..].Trim('"')
            : RuntimeInformation.OSDescription;

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
