using System.Diagnostics;
using System.Globalization;

namespace KalshiPortfolio.Bench.Servers;

/// <summary>
/// CPU time and memory of a process from Linux's <c>/proc</c>: user + system time (<c>/proc/PID/stat</c>, in clock
/// ticks of 1/<c>sysconf(_SC_CLK_TCK)</c> s, usually 10 ms) and the resident set (<c>/proc/PID/status</c>: VmRSS now,
/// VmHWM the peak since the process started).
/// </summary>
public static class ProcessStats
{
    private const int ScClkTck = 2; // _SC_CLK_TCK on Linux

    private static readonly Lazy<double> TicksPerSecond = new(() =>
    {
        var ticks = OperatingSystem.IsLinux() ? NativeMethods.sysconf(ScClkTck) : -1;
        return ticks > 0 ? ticks : 100;
    });

    /// <summary>A reading of a process's CPU time at a moment (<see cref="Stopwatch"/> time).</summary>
    public readonly record struct CpuSample(double CpuSeconds, long Timestamp);

    public static CpuSample SampleCpu(int pid)
    {
        var now = Stopwatch.GetTimestamp();
        if (pid == Environment.ProcessId)
        {
            return new CpuSample(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, now);
        }
        return new CpuSample(ReadCpuSeconds(File.ReadAllText($"/proc/{pid}/stat")), now);
    }

    /// <summary>CPU used between two samples as a percentage of one core (100 = one core busy all the time).</summary>
    public static double CpuPercent(CpuSample from, CpuSample to)
    {
        var wall = (to.Timestamp - from.Timestamp) / (double)Stopwatch.Frequency;
        return wall <= 0 ? 0 : (to.CpuSeconds - from.CpuSeconds) / wall * 100;
    }

    /// <summary>utime + stime from the text of <c>/proc/PID/stat</c>, in seconds.</summary>
    public static double ReadCpuSeconds(string stat)
    {
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(rest[11], CultureInfo.InvariantCulture); // field 14
        var stime = long.Parse(rest[12], CultureInfo.InvariantCulture); // field 15
        return (utime + stime) / TicksPerSecond.Value;
    }

    /// <summary>Peak resident set (VmHWM) and current resident set (VmRSS) in MB, or null when unreadable.</summary>
    public static (double PeakMb, double CurrentMb)? ReadMemory(int pid)
    {
        try
        {
            return ParseMemory(File.ReadAllText($"/proc/{pid}/status"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static (double PeakMb, double CurrentMb)? ParseMemory(string status)
    {
        double? peak = null, current = null;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = KiloBytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                current = KiloBytes(line) / 1024.0;
            }
        }
        return peak is { } p && current is { } c ? (p, c) : null;

        static long KiloBytes(string line) =>
            long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
    }
}
