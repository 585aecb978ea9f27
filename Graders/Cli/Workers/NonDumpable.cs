using System.Runtime.InteropServices;

namespace Grader.Cli.Workers;

/// <summary>
/// Makes the grader's process non-dumpable (<c>prctl(PR_SET_DUMPABLE, 0)</c>), as the first thing it does, in every
/// mode (<c>grade</c>, <c>check</c>, the compile server <c>worker --compile</c>): then a process of the same user — a
/// hand-in's host running as a plain child process, another host, anything the runner's user starts — can no longer
/// read the grader's <c>/proc/&lt;pid&gt;/environ</c> (its initial environment, with any token it was started with,
/// whatever the grader later removes from it), <c>cwd</c>, <c>root</c>, <c>fd/*</c>, <c>maps</c> or <c>mem</c>, nor
/// attach to it with ptrace: the kernel asks for <c>CAP_SYS_PTRACE</c> for a non-dumpable process. It does not bind root
/// (which has that capability), and it lasts until the process calls <c>execve</c>, so the hosts the grader starts are
/// dumpable again (they hold only the hand-in). In the bubblewrap sandbox a host sees no process of the grader at all (a
/// pid namespace of its own); this covers the plain-child mode and the compile server.
/// </summary>
public static class NonDumpable
{
    private const int PrGetDumpable = 3;
    private const int PrSetDumpable = 4;

    /// <summary>Makes this process non-dumpable; false where that is not possible (not Linux, or prctl failed).</summary>
    public static bool Apply() => OperatingSystem.IsLinux() && Prctl(PrSetDumpable, 0, 0, 0, 0) == 0;

    /// <summary>True when this process is non-dumpable now (Linux only).</summary>
    public static bool IsSet => OperatingSystem.IsLinux() && Prctl(PrGetDumpable, 0, 0, 0, 0) == 0;

    // A plain DllImport (blittable arguments): LibraryImport would need unsafe blocks in this project.
    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
