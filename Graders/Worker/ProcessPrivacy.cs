using System.Runtime.InteropServices;

namespace Grader.Worker;

/// <summary>
/// Closes the grader's process to the other processes of its user, as the first thing it does in every mode
/// (<c>grade</c>, <c>check</c>, and <c>grader-worker</c>: the compile server, the host fallback), so that a hand-in's host running as a plain
/// child process (or anything else the runner's user starts) cannot read it:
/// <list type="bullet">
/// <item>it makes the process non-dumpable (<c>prctl(PR_SET_DUMPABLE, 0)</c>): its <c>/proc/&lt;pid&gt;/environ</c> (the
/// initial environment, with any token it was started with, whatever the grader later removes), <c>cwd</c>,
/// <c>root</c>, <c>fd/*</c>, <c>maps</c> and <c>mem</c>, and ptrace, then need <c>CAP_SYS_PTRACE</c>;</item>
/// <item>it removes the .NET diagnostics socket (<c>dotnet-diagnostic-&lt;pid&gt;-…-socket</c> in the temporary folder),
/// through which a process of the same user could otherwise attach a profiler (native code in the grader), start
/// event traces or set environment variables; the children the grader starts get <c>DOTNET_EnableDiagnostics=0</c>
/// instead (Grader.Runner's <c>WorkerProcess</c>).</item>
/// </list>
/// Neither binds root (which has the capability and may open any socket). Non-dumpable lasts until <c>execve</c>, so the
/// hosts the grader starts are dumpable again (they hold only the hand-in). In the bubblewrap sandbox a host sees no
/// process and no temporary folder of the grader at all; this covers the plain-child mode and the compile server.
/// </summary>
public static class ProcessPrivacy
{
    private const int PrGetDumpable = 3;
    private const int PrSetDumpable = 4;

    /// <summary>Closes this process as described above; false where it could not be made non-dumpable (not Linux, or prctl failed).</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        bool hidden = Prctl(PrSetDumpable, 0, 0, 0, 0) == 0;
        foreach (var socket in DiagnosticsSockets(Environment.ProcessId))
        {
            try
            {
                File.Delete(socket);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to remove (another user's temporary folder): nothing more to do.
            }
        }

        return hidden;
    }

    /// <summary>True when this process is non-dumpable now (Linux only).</summary>
    public static bool IsNonDumpable => OperatingSystem.IsLinux() && Prctl(PrGetDumpable, 0, 0, 0, 0) == 0;

    /// <summary>The .NET diagnostics sockets of process <paramref name="pid"/> in the temporary folder (where the runtime makes them).</summary>
    public static IReadOnlyList<string> DiagnosticsSockets(int pid)
    {
        try
        {
            return Directory.GetFiles(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"dotnet-diagnostic-{pid}-*-socket"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    // A plain DllImport (blittable arguments): LibraryImport would need unsafe blocks in this project.
    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
