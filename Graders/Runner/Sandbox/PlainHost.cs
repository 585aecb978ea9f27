using System.Runtime.InteropServices;
using Grader.Remote.Host;

namespace Grader.Runner.Sandbox;

/// <summary>
/// How a hand-in's host starts as a plain child process (no bubblewrap, <see cref="ChildProcessWorker"/>): it confines
/// itself with Landlock before it loads the hand-in (<see cref="HostConfinement"/>: it reads only the runtime, its own
/// folder and system files; not the grader's folder with the reference solution and the hidden checks, not the
/// hand-ins, not the fixtures), gets a private temporary folder of its own (mode 0700, its TMPDIR and HOME, removed
/// when it ends), and, when the grader runs as root, runs as uid/gid 65534 without supplementary groups
/// (<c>setpriv</c>), so it is not root on the machine. Where the kernel has no Landlock, or root's host cannot leave
/// root (setpriv missing, or the host's folder closed to other users), <see cref="Weakness"/> says so, and the grader
/// prints it on every run.
/// </summary>
public static class PlainHost
{
    /// <summary>util-linux setpriv when the grader is root and uid 65534 can reach the host; else null.</summary>
    public static string? Setpriv { get; } = FindSetpriv(HostCommandFiles(HostCommandLine.Current));

    /// <summary>
    /// setpriv when the grader is root and uid 65534 can reach every one of <paramref name="files"/> (the programs a child
    /// runs), so the child can be started as uid 65534; else null. <see cref="Setpriv"/> is this for the host's own files; a
    /// system program run on a student's file (<see cref="SandboxedTool"/>) asks for its own, so where the grader is
    /// installed in a folder closed to other users it still does not run as root.
    /// </summary>
    public static string? SetprivFor(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return FindSetpriv(files);
    }

    /// <summary>
    /// What a plain host can still reach that the sandbox would hide, one clause (for the warning of
    /// <see cref="WorkerFactory"/>); null when it is confined and not root.
    /// </summary>
    public static string? Weakness
    {
        get
        {
            var problems = new List<string>();
            if (!HostConfinement.Available)
            {
                problems.Add("the kernel has no Landlock, so hand-ins can read what you can read");
            }

            if (SandboxPolicy.GraderIsRoot && Setpriv is null)
            {
                problems.Add("the grader runs as root and its hand-ins too (setpriv is missing, or uid 65534 cannot reach the grader's folder)");
            }

            return problems.Count == 0 ? null : string.Join("; ", problems);
        }
    }

    /// <summary>What a plain host is held to, one line, for the run's first line.</summary>
    public static string Describe() =>
        HostConfinement.Describe()
        + (Setpriv is not null ? string.Create(CultureInfo.InvariantCulture, $"; as uid {SandboxPolicy.SandboxId}") : SandboxPolicy.GraderIsRoot ? "; as root" : "; as the grader's user")
        + "; a private temporary folder";

    /// <summary>
    /// The command line that starts <paramref name="host"/> confined, with <paramref name="temp"/> (made by
    /// <see cref="CreateTemp"/>) as its temporary and home folder, and as uid 65534 when the grader is root.
    /// </summary>
    public static WorkerCommandLine Launch(WorkerCommandLine host, string temp)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(temp);
        var environment = new Dictionary<string, string>(host.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["TMPDIR"] = temp,
            ["HOME"] = temp,
        };
        IReadOnlyList<string> arguments = [.. host.Arguments, HostConfinement.ConfineOption];
        if (Setpriv is null)
        {
            return new WorkerCommandLine(host.FileName, arguments, environment);
        }

        var id = SandboxPolicy.SandboxId.ToString(CultureInfo.InvariantCulture);
        return new WorkerCommandLine(Setpriv, [$"--reuid={id}", $"--regid={id}", "--clear-groups", "--", host.FileName, .. arguments], environment);
    }

    /// <summary>A new temporary folder for one host: mode 0700, owned by uid 65534 when the host runs as that user.</summary>
    public static string CreateTemp()
    {
        var folder = Directory.CreateTempSubdirectory("grader-host-").FullName;
        if (Setpriv is not null && Chown(folder, SandboxPolicy.SandboxId, SandboxPolicy.SandboxId) != 0)
        {
            Directory.Delete(folder);
            throw new IOException($"could not give the host's temporary folder {folder} to uid {SandboxPolicy.SandboxId} (errno {Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)})");
        }

        return folder;
    }

    /// <summary>Removes a folder made by <see cref="CreateTemp"/> and what the host left in it; nothing when it cannot.</summary>
    public static void RemoveTemp(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the system's cleaning of the temporary folder.
        }
    }

    private static IEnumerable<string> HostCommandFiles(WorkerCommandLine host) =>
        host.Arguments.Where(a => a.EndsWith(".dll", StringComparison.Ordinal)).Append(host.FileName).Where(Path.IsPathFullyQualified);

    private static string? FindSetpriv(IEnumerable<string> hostFiles)
    {
        if (!SandboxPolicy.GraderIsRoot || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var setpriv = new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists);
        return setpriv is not null && hostFiles.All(f => SandboxProbe.ClosedFoldersAbove(f).Count == 0) ? setpriv : null;
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Chown(string path, int owner, int group);
}
