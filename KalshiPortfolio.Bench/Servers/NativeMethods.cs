using System.Runtime.InteropServices;

namespace KalshiPortfolio.Bench.Servers;

/// <summary>The two libc calls the bench needs on Linux.</summary>
internal static class NativeMethods
{
    public const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for nothing here
    public static extern long sysconf(int name);

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
