using System.Diagnostics;

namespace Grader.Runner.Sandbox;

/// <summary>
/// Finds out, once per process, whether bubblewrap works here: first the smallest sandbox (new namespaces, uid 65534,
/// <c>/usr</c> only) running <c>/usr/bin/true</c>, which fails where bwrap is missing or the kernel or container forbids
/// user namespaces; then the worker itself under the full <see cref="SandboxPolicy"/> with an empty job, which must
/// start the runtime and answer with its "could not read the job" message (so the dotnet installation and the grader's
/// folder are visible and the limits leave the runtime room). When the grader is root and bwrap cannot run as nobody
/// (unprivileged user namespaces forbidden), root's own bwrap is tried (then RLIMIT_NPROC does not bind).
/// </summary>
public static class SandboxProbe
{
    /// <summary>What <c>grader-worker</c> says on stderr (<see cref="WorkerArguments.Greeting"/>).</summary>
    public const string WorkerGreeting = WorkerArguments.Greeting;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly Lazy<SandboxStatus> Cache = new(() => Run(WorkerCommandLine.Current));

    /// <summary>The answer for this installation, probed on first use and then kept.</summary>
    public static SandboxStatus Current => Cache.Value;

    /// <summary>Probes now (not cached) with <paramref name="worker"/> as the worker's command line.</summary>
    public static SandboxStatus Run(WorkerCommandLine worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var policy = SandboxPolicy.Detect(out var problem);
        if (policy is null)
        {
            return new SandboxStatus(null, problem, Fix: OperatingSystem.IsLinux()
                ? "install bubblewrap (on Debian or Ubuntu: sudo apt-get install bubblewrap)"
                : "grade on Linux with bubblewrap installed");
        }

        // As root, bwrap runs as nobody (setpriv) so that RLIMIT_NPROC binds; where unprivileged user namespaces are
        // forbidden, root's own bwrap may still work: then take it, without the process limit.
        (string Why, string Fix)? first = null;
        foreach (var candidate in policy.Setpriv is null ? new[] { policy } : new[] { policy, policy with { Setpriv = null } })
        {
            var failure = Try(candidate, worker);
            if (failure is null)
            {
                return new SandboxStatus(candidate, null, first is null ? null : Weakening(first.Value.Why, worker));
            }

            first ??= failure;
        }

        return new SandboxStatus(null, first?.Why, Fix: first?.Fix);
    }

    /// <summary>
    /// What lets bwrap create its namespaces on this machine, read from the kernel's settings under
    /// <paramref name="procSys"/> (<c>/proc/sys</c>): Ubuntu's AppArmor restriction (23.10 and later, GitHub's
    /// <c>ubuntu-24.04</c> runners), Debian's older switch, a zero namespace quota; else the usual remedies.
    /// </summary>
    public static string NamespaceFix(string procSys = "/proc/sys")
    {
        ArgumentNullException.ThrowIfNull(procSys);
        string? Read(string setting)
        {
            try
            {
                return File.ReadAllText(Path.Combine(procSys, setting)).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        const string Ubuntu = "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0";
        if (Read("kernel/apparmor_restrict_unprivileged_userns") == "1")
        {
            return $"AppArmor forbids unprivileged user namespaces here (kernel.apparmor_restrict_unprivileged_userns = 1): lift it with `{Ubuntu}`, or install an AppArmor profile that lets bwrap create them (README, \"Bubblewrap sandbox\")";
        }

        if (Read("kernel/unprivileged_userns_clone") == "0")
        {
            return "the kernel forbids unprivileged user namespaces (kernel.unprivileged_userns_clone = 0): allow them with `sudo sysctl -w kernel.unprivileged_userns_clone=1`";
        }

        if (Read("user/max_user_namespaces") == "0")
        {
            return "the kernel allows no user namespaces (user.max_user_namespaces = 0): allow them with `sudo sysctl -w user.max_user_namespaces=10000`";
        }

        return $"allow unprivileged user namespaces (on Ubuntu 24.04: `{Ubuntu}`; in a container: run it with user namespaces allowed, or grade outside it), see the README, \"Bubblewrap sandbox\"";
    }

    /// <summary>
    /// The warning for a root grader whose sandbox could not run as nobody (<paramref name="why"/>): the usual cause is a
    /// folder above the grader's installation that others cannot enter (e.g. made by <c>mktemp -d</c>, mode 0700).
    /// </summary>
    public static string Weakening(string why, WorkerCommandLine worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var closed = worker.Arguments.Where(a => a.EndsWith(".dll", StringComparison.Ordinal)).SelectMany(ClosedFoldersAbove).Distinct().ToList();
        var remedy = closed.Count > 0
            ? $"{string.Join(", ", closed)} {(closed.Count == 1 ? "is" : "are")} closed to other users, so uid 65534 cannot reach the grader: make {(closed.Count == 1 ? "it" : "them")} enterable (chmod o+x) or install the grader elsewhere"
            : "run the grader as an ordinary user, or allow unprivileged user namespaces";
        return $"the grader runs as root and the sandbox could not run hand-ins as nobody ({why}); they run sandboxed as root, where the cap on processes and threads (RLIMIT_NPROC) does not bind. To get it back: {remedy}";
    }

    /// <summary>The folders above <paramref name="file"/>, nearest first, that other users may not enter (no o+x).</summary>
    public static IReadOnlyList<string> ClosedFoldersAbove(string file)
    {
        var closed = new List<string>();
        if (OperatingSystem.IsWindows())
        {
            return closed;
        }

        for (var folder = new FileInfo(file).Directory; folder is not null; folder = folder.Parent)
        {
            try
            {
                if ((File.GetUnixFileMode(folder.FullName) & UnixFileMode.OtherExecute) == 0)
                {
                    closed.Add(folder.FullName);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                break;
            }
        }

        return closed;
    }

    /// <summary>Null when <paramref name="policy"/> works; else why not, and what would fix it.</summary>
    private static (string Why, string Fix)? Try(SandboxPolicy policy, WorkerCommandLine worker)
    {
        var minimal = Execute(policy.Minimal(["/usr/bin/true"]));
        if (minimal.ExitCode != 0)
        {
            return ($"bwrap cannot create a sandbox ({minimal.Describe()})", NamespaceFix());
        }

        var full = Execute(policy.Wrap(worker, WorkerLimits.Default, snapshotRoot: null));
        return full.Error.Contains(WorkerGreeting, StringComparison.Ordinal)
            ? null
            : ($"the .NET runtime does not start in the sandbox ({full.Describe()})",
                "install dotnet and the grader in folders that other users can read and enter (the hand-ins run as uid 65534), for example with dotnet tool install --tool-path /opt/grader grader");
    }

    private static Outcome Execute(WorkerCommandLine command)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return new Outcome(null, $"{command.FileName} did not start");
            }

            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return new Outcome(null, $"no answer within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }

            process.WaitForExit();
            return new Outcome(process.ExitCode, error.GetAwaiter().GetResult() + output.GetAwaiter().GetResult());
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return new Outcome(null, $"{command.FileName}: {e.Message}");
        }
    }

    private sealed record Outcome(int? ExitCode, string Error)
    {
        public string Describe()
        {
            var first = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            var code = ExitCode is { } c ? $"exit code {c.ToString(CultureInfo.InvariantCulture)}" : null;
            return string.Join(": ", new[] { code, first }.Where(s => !string.IsNullOrEmpty(s)));
        }
    }
}
