using System.Diagnostics;

namespace Grader.Runner.Sandbox;

/// <summary>
/// The bubblewrap (<c>bwrap</c>) command line one worker runs under, and the tools it needs, as found on this machine.
/// <para>
/// The worker gets its own user, pid, network, IPC, UTS and cgroup namespaces (<c>--unshare-all</c>: no network, only a
/// loopback of its own), runs as uid/gid 65534 with no capabilities, in a new session, dies with the grader
/// (<c>--die-with-parent</c>) and cannot create further user namespaces (<c>--disable-userns</c>, where bwrap has it).
/// It sees, read-only: <c>/usr</c> (and <c>/lib</c>, <c>/lib64</c>, <c>/bin</c>, <c>/sbin</c> as the host has them, links
/// to usr or folders), <c>/etc/alternatives</c>, <c>/etc/ld.so.cache</c>, <c>/etc/passwd</c>, <c>/etc/group</c>, the
/// dotnet installation and the folder of the program it runs: for a hand-in that is <c>host/</c> beside grader.dll
/// (<c>grader-host</c>: Grader.Remote, the contracts and the engine), never the grader's own folder with the checks,
/// the reference solution, the hidden checks and the snapshots (<see cref="BubblewrapWorker"/> refuses to start a host
/// whose sandbox would show that folder, see <see cref="Exposed"/>); a fresh <c>/dev</c> (read-only) and <c>/proc</c>; a
/// private, size-capped tmpfs on <c>/tmp</c>, its working and home folder, the only place it can write. Nothing else:
/// not the hand-ins, not the output folder, not the repository. The root bwrap builds the view on is sealed read-only.
/// Its environment is cleared and set anew. The checks run in the grader and call the hand-in over the host's
/// stdin/stdout (<see cref="RemoteCheckRunner"/>).
/// </para>
/// <para>
/// Inside, <c>prlimit</c> (util-linux) starts the runtime with: at most <see cref="MaxTasks"/> processes and threads
/// (RLIMIT_NPROC, counted per sandbox, since each sandbox has a user namespace of its own), private writable memory of
/// the heap limit plus <see cref="NativeBytes"/> per process (RLIMIT_DATA; it needs the runtime's W^X double mapping off,
/// which bwrap's environment does, since with it .NET does not start under any RLIMIT_DATA), files of at most
/// <see cref="FileBytes"/> (RLIMIT_FSIZE; .NET needs several MiB for its own memfd), and no core dumps.
/// RLIMIT_NPROC does not bind a process whose user is root outside its namespace, so when the grader runs as root,
/// <c>setpriv</c> starts bwrap as uid/gid 65534 on the host too.
/// Time and output are limited from outside, by <see cref="ChildProcessWorker"/>.
/// </para>
/// </summary>
/// <param name="Bwrap">The bwrap executable.</param>
/// <param name="Prlimit">util-linux prlimit at a path the sandbox sees (under /usr or /bin); null when missing (no rlimits then).</param>
/// <param name="Setpriv">util-linux setpriv, used to leave root before bwrap; null when the grader is not root (or it is missing).</param>
/// <param name="DisableUserns">bwrap knows <c>--disable-userns</c> (0.8.0 and later).</param>
/// <param name="TmpfsSize">bwrap knows <c>--size</c> for <c>--tmpfs</c>.</param>
public sealed record SandboxPolicy(string Bwrap, string? Prlimit, string? Setpriv, bool DisableUserns, bool TmpfsSize)
{
    /// <summary>The uid and gid the worker runs as inside (and, when the grader is root, outside): nobody.</summary>
    public const int SandboxId = 65534;

    /// <summary>Processes and threads one sandbox may have at once (RLIMIT_NPROC): the runtime, the thread pool and BLAS need a few dozen.</summary>
    public const int MaxTasks = 256;

    /// <summary>Private writable memory a worker process may have beyond its .NET heap limit (RLIMIT_DATA): JIT, stacks, BLAS buffers.</summary>
    public const long NativeBytes = 1L << 30;

    /// <summary>The largest file a worker may write (RLIMIT_FSIZE).</summary>
    public const long FileBytes = 64L << 20;

    /// <summary>The size of the worker's private <c>/tmp</c>.</summary>
    public const long TmpBytes = 64L << 20;

    /// <summary>The folder the worker starts in and uses as its home.</summary>
    public const string Home = "/tmp";

    private static readonly string[] RootLinks = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

    private static readonly string[] EtcFiles = ["/etc/alternatives", "/etc/ld.so.cache", "/etc/passwd", "/etc/group"];

    /// <summary>True when the grader runs as root (then the sandbox's user is root outside its namespace unless <see cref="Setpriv"/> is used).</summary>
    public static bool GraderIsRoot { get; } = ReadEffectiveUid() == 0;

    /// <summary>
    /// The policy for this machine: where bwrap, prlimit and setpriv are and which options bwrap knows; null, with
    /// <paramref name="problem"/> saying why, when bwrap is not installed (or not on Linux).
    /// </summary>
    public static SandboxPolicy? Detect(out string? problem)
    {
        problem = null;
        if (!OperatingSystem.IsLinux())
        {
            problem = "bubblewrap runs on Linux only";
            return null;
        }

        var bwrap = FindOnPath("bwrap");
        if (bwrap is null)
        {
            problem = "bwrap is not installed; on Debian or Ubuntu: apt-get install bubblewrap";
            return null;
        }

        var help = Help(bwrap);
        var prlimit = new[] { "/usr/bin/prlimit", "/bin/prlimit" }.FirstOrDefault(File.Exists);
        var setpriv = GraderIsRoot ? new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists) : null;
        return new SandboxPolicy(bwrap, prlimit, setpriv, help.Contains("--disable-userns", StringComparison.Ordinal), help.Contains("--size", StringComparison.Ordinal));
    }

    /// <summary>The command line that runs <paramref name="worker"/> in the sandbox, with the snapshots at <paramref name="snapshotRoot"/> visible.</summary>
    public WorkerCommandLine Wrap(WorkerCommandLine worker, WorkerLimits limits, string? snapshotRoot)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(limits);
        var inside = new List<string>();
        if (Prlimit is not null)
        {
            inside.AddRange([
                Prlimit,
                string.Create(CultureInfo.InvariantCulture, $"--nproc={MaxTasks}"),
                string.Create(CultureInfo.InvariantCulture, $"--data={DataBytes(limits)}"),
                string.Create(CultureInfo.InvariantCulture, $"--fsize={FileBytes}"),
                "--core=0",
                "--",
            ]);
        }

        inside.Add(ResolveHost(worker.FileName));
        inside.AddRange(worker.Arguments);
        return Launch(BwrapArguments(worker, limits, snapshotRoot), inside);
    }

    /// <summary>
    /// bwrap's options for <paramref name="worker"/> (everything before the command): namespaces, user, environment,
    /// and the folders it sees. The grader's folder and the dotnet installation come from the command line itself.
    /// </summary>
    public IReadOnlyList<string> BwrapArguments(WorkerCommandLine worker, WorkerLimits limits, string? snapshotRoot)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(limits);
        var arguments = new List<string>(Isolation());
        arguments.Add("--clearenv");
        // The worker's own variables last (HostRuntime.For: a host that trains nothing runs without tiering).
        foreach (var (key, value) in EnvironmentFor(limits).Concat(worker.Environment ?? new Dictionary<string, string>()))
        {
            arguments.AddRange(["--setenv", key, value]);
        }

        arguments.AddRange(SystemView());
        // A fresh /dev, read-only (its device nodes stay usable), so nothing can be stored in the unbounded tmpfs behind it.
        arguments.AddRange(["--dev", "/dev", "--remount-ro", "/dev", "--proc", "/proc"]);
        if (TmpfsSize)
        {
            arguments.AddRange(["--size", TmpBytes.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["--tmpfs", Home]);
        var bound = new List<string> { "/usr" };
        foreach (var folder in GraderFolders(worker))
        {
            Bind(arguments, bound, folder, required: true);
        }

        if (!string.IsNullOrWhiteSpace(snapshotRoot))
        {
            Bind(arguments, bound, Path.GetFullPath(snapshotRoot), required: false);
        }

        // bwrap builds the view on a tmpfs of its own, writable and unbounded: seal it (the /tmp tmpfs stays writable).
        arguments.AddRange(["--remount-ro", "/", "--chdir", Home]);
        return arguments;
    }

    /// <summary>
    /// The assemblies a hand-in must never see (the grader's rooms, the checks, the hidden checks, the reference solution), as
    /// far as this process has them loaded: their folders are what <see cref="Exposed"/> looks for.
    /// </summary>
    public static IReadOnlyList<string> SecretFolders() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name is "grader" or "Grader.Grading" or "Grader.Semester" or "Grader.Web" or "Grader.Checks" or "Grader.Checks.Hidden" or "Grader.Reference" && !string.IsNullOrEmpty(a.Location))
            .Append(typeof(SandboxPolicy).Assembly)
            .Select(a => Path.TrimEndingDirectorySeparator(RealPath(Path.GetDirectoryName(a.Location)!)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Which of <paramref name="secrets"/> the sandbox for <paramref name="worker"/> would show, and the bound folder it
    /// lies in (<c>/usr</c>, the system links, the dotnet installation, the worker's own folders); null when none.
    /// </summary>
    public static (string Secret, string Bound)? Exposed(WorkerCommandLine worker, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(secrets);
        var bound = new List<string> { "/usr" };
        bound.AddRange(RootLinks.Select(n => "/" + n).Where(p => new DirectoryInfo(p) is { Exists: true, LinkTarget: null }));
        bound.AddRange(GraderFolders(worker).SelectMany(f => new[] { f, RealPath(f) }));
        foreach (var secret in secrets)
        {
            var real = RealPath(secret);
            foreach (var folder in bound.Select(Path.TrimEndingDirectorySeparator))
            {
                if (folder.Length > 0 && new[] { secret, real }.Any(s => s == folder || s.StartsWith(folder + "/", StringComparison.Ordinal)))
                {
                    return (secret, folder);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The command line that runs <paramref name="command"/>, a fixed program of the system (poppler's <c>pdfinfo</c>,
    /// <c>pdftoppm</c>, <c>pdftotext</c>), on a student's file in the same sandbox a hand-in runs in: the same
    /// namespaces (no network), user, cleared environment, read-only system view and private size-capped <c>/tmp</c>
    /// (its only writable place), plus <c>/etc/fonts</c> and the font cache read-only; no grader folder, no hand-in,
    /// no output folder. The file comes on stdin and the result goes to stdout (<see cref="SandboxedTool"/>). Inside,
    /// <c>prlimit</c> holds it to <paramref name="limits"/> (processor time, address space, file size, tasks, no core).
    /// </summary>
    public WorkerCommandLine WrapTool(IReadOnlyList<string> command, ToolLimits limits)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(limits);
        var arguments = new List<string>(Isolation()) { "--clearenv" };
        foreach (var (key, value) in ToolEnvironment)
        {
            arguments.AddRange(["--setenv", key, value]);
        }

        arguments.AddRange(SystemView());
        arguments.AddRange(["--ro-bind-try", "/etc/fonts", "/etc/fonts", "--ro-bind-try", "/var/cache/fontconfig", "/var/cache/fontconfig"]);
        arguments.AddRange(["--dev", "/dev", "--remount-ro", "/dev", "--proc", "/proc"]);
        if (TmpfsSize)
        {
            arguments.AddRange(["--size", TmpBytes.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["--tmpfs", Home, "--remount-ro", "/", "--chdir", Home]);
        return Launch(arguments, Prlimit is null ? command : [Prlimit, .. limits.PrlimitOptions(), "--", .. command]);
    }

    /// <summary>The environment a sandboxed tool gets: a path, and a home and caches in its private <c>/tmp</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToolEnvironment { get; } =
    [
        new("PATH", "/usr/bin:/bin"),
        new("HOME", Home),
        new("TMPDIR", Home),
        new("XDG_CACHE_HOME", Home + "/.cache"),
    ];

    /// <summary>The smallest sandbox (namespaces, user, /usr): what <see cref="SandboxProbe"/> tries first, running <paramref name="command"/>.</summary>
    public WorkerCommandLine Minimal(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var arguments = new List<string>(Isolation());
        arguments.AddRange(SystemView());
        return Launch(arguments, command);
    }

    /// <summary>The environment inside: nothing of the grader's, only what the runtime needs, its limits, and what makes it compute as the grader does.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentFor(WorkerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var environment = new List<KeyValuePair<string, string>>
        {
            new("PATH", "/usr/bin:/bin"),
            new("HOME", Home),
            new("TMPDIR", Home),
            new("DOTNET_CLI_HOME", Home),
        };
        environment.AddRange(HostRuntime.Environment(limits));
        if (Prlimit is not null)
        {
            // W^X maps code through a memfd; with it .NET fails to start under any RLIMIT_DATA (tried up to 300 GiB).
            environment.Add(new("DOTNET_EnableWriteXorExecute", "0"));
        }

        return environment;
    }

    /// <summary>RLIMIT_DATA for a worker: the .NET heap limit plus <see cref="NativeBytes"/>.</summary>
    public static long DataBytes(WorkerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits.HeapBytes + NativeBytes;
    }

    /// <summary>What this policy enforces and what it does not, one line each, for the run's record and the tutor.</summary>
    public IReadOnlyList<string> Describe(WorkerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var lines = new List<string>
        {
            "network: none (a network namespace of its own with only loopback)",
            "files: read-only /usr, /etc/{alternatives,ld.so.cache,passwd,group}, the dotnet installation, the grader's folder and the snapshots; "
                + $"writes only to a private /tmp{(TmpfsSize ? $" of {Mib(TmpBytes)} MiB" : "")}; nothing else is visible (no hand-ins, no output folder, no repository)",
            "user: uid 65534 without capabilities in a user namespace of its own"
                + (Setpriv is not null ? ", and uid 65534 on the host too" : GraderIsRoot ? ", but root on the host (RLIMIT_NPROC does not bind it)" : ", the grader's user on the host"),
            $".NET heap: {Mib(limits.HeapBytes)} MiB (DOTNET_GCHeapHardLimit; beyond it the hand-in gets OutOfMemoryException)",
        };
        if (Prlimit is null)
        {
            lines.Add("native memory, processes, file size: not limited (prlimit from util-linux is missing)");
        }
        else
        {
            lines.Add($"private writable memory: {Mib(DataBytes(limits))} MiB per process (RLIMIT_DATA); not the total over processes (that needs a cgroup)");
            lines.Add(Setpriv is null && GraderIsRoot
                ? "processes and threads: not limited (RLIMIT_NPROC does not bind root)"
                : string.Create(CultureInfo.InvariantCulture, $"processes and threads: {MaxTasks} per sandbox (RLIMIT_NPROC)"));
            lines.Add($"file size: {Mib(FileBytes)} MiB (RLIMIT_FSIZE); no core dumps");
        }

        lines.Add("time and output: watched and killed from outside (per check, per hand-in, output cap)");
        return lines;
    }

    /// <summary>The folders of the worker's command line: the dotnet installation and the grader's own folder.</summary>
    public static IReadOnlyList<string> GraderFolders(WorkerCommandLine worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var folders = new List<string>();
        void Add(string? folder)
        {
            if (folder is null)
            {
                return;
            }

            folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
            if (!folders.Contains(folder, StringComparer.Ordinal))
            {
                folders.Add(folder);
            }
        }

        Add(Path.GetDirectoryName(ResolveHost(worker.FileName)));
        if (Path.IsPathFullyQualified(worker.FileName))
        {
            Add(Path.GetDirectoryName(worker.FileName));
        }
        // Only the folders of the files the command names: for the separate host that is host/ (the host, the contracts
        // and the engine), never the grader's own folder with the checks, the reference and the hidden checks.
        foreach (var argument in worker.Arguments)
        {
            if (Path.IsPathFullyQualified(argument) && File.Exists(argument))
            {
                Add(Path.GetDirectoryName(argument));
            }
        }

        return folders;
    }

    private IEnumerable<string> Isolation()
    {
        yield return "--unshare-all";
        yield return "--die-with-parent";
        yield return "--new-session";
        yield return "--unshare-user";
        if (DisableUserns)
        {
            yield return "--disable-userns";
        }

        yield return "--uid";
        yield return SandboxId.ToString(CultureInfo.InvariantCulture);
        yield return "--gid";
        yield return SandboxId.ToString(CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string> SystemView()
    {
        yield return "--ro-bind";
        yield return "/usr";
        yield return "/usr";
        foreach (var name in RootLinks)
        {
            var path = "/" + name;
            var info = new DirectoryInfo(path);
            if (info.LinkTarget is { } target)
            {
                yield return "--symlink";
                yield return target;
                yield return path;
            }
            else if (info.Exists)
            {
                yield return "--ro-bind";
                yield return path;
                yield return path;
            }
        }

        foreach (var path in EtcFiles)
        {
            yield return "--ro-bind-try";
            yield return path;
            yield return path;
        }
    }

    private WorkerCommandLine Launch(IReadOnlyList<string> bwrapArguments, IReadOnlyList<string> command)
    {
        var arguments = new List<string>();
        if (Setpriv is not null)
        {
            var id = SandboxId.ToString(CultureInfo.InvariantCulture);
            arguments.AddRange([$"--reuid={id}", $"--regid={id}", "--clear-groups", "--", Bwrap]);
        }

        arguments.AddRange(bwrapArguments);
        arguments.Add("--");
        arguments.AddRange(command);
        return new WorkerCommandLine(Setpriv ?? Bwrap, arguments);
    }

    /// <summary>Binds <paramref name="folder"/> read-only at its own path (and at its real path when a link leads there), unless already visible.</summary>
    private static void Bind(List<string> arguments, List<string> bound, string folder, bool required)
    {
        var real = RealPath(folder);
        foreach (var path in new[] { folder, real }.Distinct(StringComparer.Ordinal))
        {
            if (bound.Any(b => path == b || path.StartsWith(b + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            arguments.AddRange([required ? "--ro-bind" : "--ro-bind-try", real, path]);
            bound.Add(path);
        }
    }

    /// <summary>The dotnet host as a full path with links resolved (so the sandbox, which binds its folder, has it).</summary>
    private static string ResolveHost(string fileName)
    {
        var path = Path.IsPathFullyQualified(fileName) ? fileName : FindOnPath(fileName) ?? fileName;
        return RealPath(path);
    }

    /// <summary>The path with every link in it resolved (as realpath(3) does); the path itself when that fails.</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            for (int hops = 0; hops < 40; hops++)
            {
                var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var current = "/";
                bool followed = false;
                for (int i = 0; i < parts.Length && !followed; i++)
                {
                    var next = Path.Combine(current, parts[i]);
                    if (new FileInfo(next).LinkTarget is { } target)
                    {
                        full = Path.Combine([Path.GetFullPath(target, current), .. parts[(i + 1)..]]);
                        followed = true;
                    }
                    else
                    {
                        current = next;
                    }
                }

                if (!followed)
                {
                    return current;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep what we have.
        }

        return full;
    }

    private static string? FindOnPath(string name)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/bin", "/usr/local/bin"]);
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }

    private static string Help(string bwrap)
    {
        try
        {
            var start = new ProcessStartInfo(bwrap, "--help") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null)
            {
                return "";
            }

            var error = process.StandardError.ReadToEndAsync();
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit(5000);
            return text + error.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return "";
        }
    }

    private static int? ReadEffectiveUid()
    {
        try
        {
            // "Uid:\treal\teffective\tsaved\tfs"
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = line?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 2 } && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture);
}
