using System.Runtime.InteropServices;
using Grader.Runner.Host;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// Keeps the CPU time of a grader process's whole tree in this process's reaped-children time (Linux). A process's
/// CPU reaches its parent's <c>cutime</c>/<c>cstime</c> only when the parent waits for it; a child left running or
/// unreaped when its parent ends (a compile server the grader killed just before it exited, a sandboxed host whose
/// <c>bwrap</c> was killed) is handed to the nearest "child subreaper" above it, else to init, and its CPU leaves the
/// tree. <see cref="Become"/> makes this process that subreaper (<c>prctl(PR_SET_CHILD_SUBREAPER)</c>); the runtime
/// reaps only the children it started, so <see cref="ReapOrphans"/> waits for the adopted ones after the grader ended.
/// </summary>
public static class ChildSubreaper
{
    private const int PrSetChildSubreaper = 36;
    private const int NoHang = 1;

    /// <summary>Makes this process the subreaper of its descendants; false where the kernel refuses (not Linux, or too old).</summary>
    public static bool Become()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits for every child of this process still running or unreaped (call only once the children the runtime
    /// started have ended: it would take their exit from the runtime), up to <paramref name="limit"/>.
    /// </summary>
    /// <returns>How many it reaped, and how many still ran at the limit.</returns>
    public static (int Reaped, int Left) ReapOrphans(TimeSpan limit)
    {
        int reaped = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var left = HostCpu.Children(Environment.ProcessId).ToArray();
            foreach (var pid in left)
            {
                if (WaitPid(pid, out _, NoHang) == pid)
                {
                    reaped++;
                }
            }

            left = HostCpu.Children(Environment.ProcessId).ToArray();
            if (left.Length == 0 || clock.Elapsed > limit)
            {
                return (reaped, left.Length);
            }

            Thread.Sleep(10);
        }
    }

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [DllImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static extern int WaitPid(int pid, out int status, int options);
}
