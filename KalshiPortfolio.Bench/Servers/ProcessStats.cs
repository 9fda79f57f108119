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

    /// <summary>The whole machine's busy and total CPU time (all cores) from <c>/proc/stat</c>, in clock ticks.</summary>
    public readonly record struct MachineSample(long BusyTicks, long TotalTicks);

    public static MachineSample SampleMachine()
    {
        try
        {
            return ParseMachine(File.ReadAllText("/proc/stat"));
        }
        catch (IOException)
        {
            return default;
        }
    }

    /// <summary>The first line of <c>/proc/stat</c>: user nice system idle iowait irq softirq steal …; idle and iowait are not busy.</summary>
    public static MachineSample ParseMachine(string stat)
    {
        var line = stat.AsSpan(0, stat.IndexOf('\n') is var end and >= 0 ? end : stat.Length).ToString();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return new MachineSample(total - idle, total);
    }

    /// <summary>The machine's CPU use between two samples, as a percentage of one core (all cores busy = cores × 100).</summary>
    public static double MachineCpuPercent(MachineSample from, MachineSample to)
    {
        var total = to.TotalTicks - from.TotalTicks;
        return total <= 0 ? 0 : (double)(to.BusyTicks - from.BusyTicks) / total * Environment.ProcessorCount * 100;
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
