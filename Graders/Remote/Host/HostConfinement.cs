using System.Globalization;
using System.Runtime.InteropServices;

namespace Grader.Remote.Host;

/// <summary>
/// Confines a hand-in's host with Landlock (Linux 5.13 and later, unprivileged), in every worker mode, before any of the
/// hand-in's code exists in it: the host started with <see cref="ConfineOption"/> restricts its main thread and then
/// <c>execve</c>s itself with <see cref="ConfinedOption"/> in its place, so every thread of the host that loads the
/// hand-in (the finalizer thread too) is in the domain, and so is anything it starts. Inside, the host may
/// <list type="bullet">
/// <item>read <c>/usr</c> (and <c>/lib</c>, <c>/bin</c> …), a few files of <c>/etc</c>, <c>/proc</c>, <c>/sys</c>, the
/// .NET runtime's own folder and the host's folder (file by file, without the reference solution and the hidden checks,
/// when the host is the grader itself);</item>
/// <item>write <c>/dev/null</c> and its temporary folder (<c>TMPDIR</c>, which the grader makes private to the host);</item>
/// <item>nothing else: not the grader's folder, not the hand-ins, not the fixtures, not the repository or the home
/// folder; it may execute no program, and (as the kernel allows) open no TCP connection, signal no process outside the
/// domain and reach no abstract unix socket outside it. Landlock also keeps it from ptrace and from the
/// <c>/proc/&lt;pid&gt;</c> files that need ptrace access (environ, mem, fd, cwd) of any process outside its domain:
/// the grader, and the other hand-ins' hosts, each in a domain of its own.</item>
/// </list>
/// Where the kernel has no Landlock the host runs unconfined and says so on stderr; the grader warns on every run then
/// (<see cref="Available"/>).
/// </summary>
public static class HostConfinement
{
    /// <summary>The host's argument that asks it to confine itself and start again (<see cref="ConfinedOption"/>).</summary>
    public const string ConfineOption = "--confine";

    /// <summary>The argument the confined host starts again with.</summary>
    public const string ConfinedOption = "--confined";

    /// <summary>The file names (prefixes) in the host's folder it never reads: the reference solution and the hidden checks, with their symbols.</summary>
    public static readonly string[] SecretPrefixes = ["Grader.Reference", "Grader.Checks.Hidden"];

    private const long CreateRulesetVersion = 1;
    private const int RulePathBeneath = 1;
    private const int OPath = 0x200000;
    private const int OCloexec = 0x80000;
    private const int PrSetNoNewPrivs = 38;

    private const ulong Execute = 1UL << 0;
    private const ulong WriteFile = 1UL << 1;
    private const ulong ReadFile = 1UL << 2;
    private const ulong ReadDir = 1UL << 3;
    private const ulong Truncate = 1UL << 14;
    private const ulong IoctlDev = 1UL << 15;

    private static readonly string[] SystemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/sys"];

    private static readonly string[] SystemFiles =
        ["/etc/ld.so.cache", "/etc/alternatives", "/etc/passwd", "/etc/group", "/etc/localtime", "/etc/nsswitch.conf"];

    private static readonly string[] Devices = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"];

    /// <summary>The ELF interpreters the kernel opens for execution with the program (glibc and musl, x64 and arm64).</summary>
    private static readonly string[] Interpreters =
        ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1", "/lib/ld-musl-x86_64.so.1", "/lib/ld-musl-aarch64.so.1"];

    /// <summary>The Landlock ABI version of this kernel; 0 where there is none (not Linux, too old, or disabled).</summary>
    public static int Abi { get; } = ReadAbi();

    /// <summary>True where a host can confine itself here.</summary>
    public static bool Available => Abi > 0;

    /// <summary>What the confinement holds here, one line, for the run's record.</summary>
    public static string Describe() => Available
        ? string.Create(CultureInfo.InvariantCulture, $"Landlock ABI {Abi}: the host reads only the runtime, its own folder and system files, writes only its private temporary folder, executes nothing")
            + (Abi >= 4 ? ", opens no TCP connection" : "")
            + (Abi >= 6 ? ", signals no process outside it" : "")
        : "no Landlock in this kernel: the host is not confined";

    /// <summary>
    /// For the host's <c>Main</c>: with <see cref="ConfineOption"/> in <paramref name="args"/>, confines this process and
    /// starts it again (never returns then, unless it fails: 4, with the reason on <paramref name="error"/>); with
    /// <see cref="ConfinedOption"/>, or without either, null: serve.
    /// </summary>
    public static int? ConfineAndRestart(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (!args.Contains(ConfineOption, StringComparer.Ordinal))
        {
            return null;
        }

        if (!Available)
        {
            error.WriteLine("grader host: not confined (" + Describe() + ")");
            return null;
        }

        string[] argv;
        try
        {
            argv = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None)[..^1];
        }
        catch (IOException e)
        {
            error.WriteLine($"grader host: cannot read its own command line to confine itself: {e.Message}");
            return 4;
        }

        var executable = Environment.ProcessPath;
        if (executable is null || Array.IndexOf(argv, ConfineOption) is var at && at < 0)
        {
            error.WriteLine("grader host: cannot find its own program to confine itself");
            return 4;
        }

        argv[at] = ConfinedOption;
        if (Restrict(executable, out var problem) is false)
        {
            error.WriteLine($"grader host: could not confine itself ({problem}); refusing to load a hand-in unconfined");
            return 4;
        }

        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").Append(null).ToArray();
        Execve(executable, [.. argv, null], environment);
        error.WriteLine($"grader host: could not start again confined (execve: errno {Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)})");
        return 4;
    }

    /// <summary>Restricts the calling thread (and what it later starts or becomes by execve) as described above; false with <paramref name="problem"/> when the kernel refused.</summary>
    private static bool Restrict(string executable, out string? problem)
    {
        problem = null;
        ulong fileRights = Execute | WriteFile | ReadFile | (Abi >= 3 ? Truncate : 0) | (Abi >= 5 ? IoctlDev : 0);
        // Every filesystem right the ABI knows (bits 0-12; REFER since 2, TRUNCATE since 3, IOCTL_DEV since 5).
        ulong handled = (1UL << 13) - 1 | (Abi >= 2 ? 1UL << 13 : 0) | (Abi >= 3 ? Truncate : 0) | (Abi >= 5 ? IoctlDev : 0);
        var attr = new RulesetAttr
        {
            HandledAccessFs = handled,
            HandledAccessNet = Abi >= 4 ? 0b11UL : 0, // bind and connect TCP: none allowed
            Scoped = Abi >= 6 ? 0b11UL : 0, // abstract unix sockets and signals: only within the domain
        };
        var size = Abi >= 6 ? 24 : Abi >= 4 ? 16 : 8;
        int ruleset = (int)CreateRuleset(ref attr, (nuint)size, 0);
        if (ruleset < 0)
        {
            problem = Errno("landlock_create_ruleset");
            return false;
        }

        try
        {
            const ulong Read = ReadFile | ReadDir;
            foreach (var folder in SystemFolders)
            {
                Allow(ruleset, folder, Read, fileRights);
            }

            foreach (var file in SystemFiles)
            {
                Allow(ruleset, file, Read, fileRights);
            }

            foreach (var device in Devices)
            {
                Allow(ruleset, device, ReadFile | WriteFile, fileRights);
            }

            Allow(ruleset, System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), Read, fileRights);
            // The program itself and its ELF interpreter, to start again (and nothing else to execute).
            foreach (var program in Interpreters.Append(executable))
            {
                Allow(ruleset, program, ReadFile | Execute, fileRights);
            }

            AllowOwnFolder(ruleset, AppContext.BaseDirectory, Read, fileRights);
            var temp = Path.GetTempPath();
            if (Path.TrimEndingDirectorySeparator(temp) is { Length: > 1 })
            {
                Allow(ruleset, temp, handled & ~Execute, fileRights);
            }

            if (Prctl(PrSetNoNewPrivs, 1, 0, 0, 0) != 0)
            {
                problem = Errno("prctl(PR_SET_NO_NEW_PRIVS)");
                return false;
            }

            if (RestrictSelf(ruleset, 0) != 0)
            {
                problem = Errno("landlock_restrict_self");
                return false;
            }

            return true;
        }
        finally
        {
            Close(ruleset);
        }
    }

    /// <summary>
    /// The host's folder: all of it where it is the separate host's; where it is the grader's own (the host is
    /// <c>grader-worker --host</c>), file by file without <see cref="SecretPrefixes"/> and without its subfolders.
    /// </summary>
    private static void AllowOwnFolder(int ruleset, string folder, ulong rights, ulong fileRights)
    {
        var files = Directory.GetFiles(folder);
        if (!files.Any(IsSecret))
        {
            Allow(ruleset, folder, rights, fileRights);
            return;
        }

        foreach (var file in files.Where(f => !IsSecret(f)))
        {
            Allow(ruleset, file, rights, fileRights);
        }
    }

    private static bool IsSecret(string file) =>
        SecretPrefixes.Any(p => Path.GetFileName(file).StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Allows <paramref name="rights"/> beneath <paramref name="path"/> (only the file rights, for a file); nothing when it does not exist.</summary>
    private static void Allow(int ruleset, string path, ulong rights, ulong fileRights)
    {
        int fd = Open(path, OPath | OCloexec);
        if (fd < 0)
        {
            return;
        }

        try
        {
            var rule = new PathBeneathAttr { AllowedAccess = Directory.Exists(path) ? rights : rights & fileRights, ParentFd = fd };
            if (AddRule(ruleset, RulePathBeneath, ref rule, 0) != 0)
            {
                throw new IOException($"landlock_add_rule for {path}: {Errno("errno")}");
            }
        }
        finally
        {
            Close(fd);
        }
    }

    private static int ReadAbi()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        try
        {
            var version = CreateRulesetNull(0, 0, CreateRulesetVersion);
            return version > 0 ? (int)version : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    private static string Errno(string call) => $"{call}: errno {Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)}";

    [StructLayout(LayoutKind.Sequential)]
    private struct RulesetAttr
    {
        public ulong HandledAccessFs;
        public ulong HandledAccessNet;
        public ulong Scoped;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct PathBeneathAttr
    {
        public ulong AllowedAccess;
        public int ParentFd;
    }

    // The syscall numbers of Landlock are the same on every architecture (444, 445, 446).
    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long CreateRuleset(long number, ref RulesetAttr attr, nuint size, uint flags);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long CreateRulesetNull(long number, nint attr, nuint size, long flags);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long AddRule(long number, int ruleset, int ruleType, ref PathBeneathAttr attr, uint flags);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long RestrictSelf(long number, int ruleset, uint flags);

    private static long CreateRuleset(ref RulesetAttr attr, nuint size, uint flags) => CreateRuleset(444, ref attr, size, flags);

    private static long CreateRulesetNull(nint attr, nuint size, long flags) => CreateRulesetNull(444, attr, size, flags);

    private static long AddRule(int ruleset, int ruleType, ref PathBeneathAttr attr, uint flags) => AddRule(445, ruleset, ruleType, ref attr, flags);

    private static long RestrictSelf(int ruleset, uint flags) => RestrictSelf(446, ruleset, flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", EntryPoint = "execve", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Execve(string path, string?[] argv, string?[] envp);
}
