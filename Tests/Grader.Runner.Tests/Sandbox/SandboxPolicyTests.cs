using Grader.Runner.Sandbox;

namespace Grader.Runner.Tests.Sandbox;

/// <summary>The bwrap command line, checked as text (no bwrap needed): isolation, environment, what is visible, the limits.</summary>
public class SandboxPolicyTests
{
    private static readonly SandboxPolicy Policy = new("/usr/bin/bwrap", "/usr/bin/prlimit", null, DisableUserns: true, TmpfsSize: true);

    private static readonly WorkerLimits Limits = WorkerLimits.Default with { HeapBytes = 512L << 20 };

    private static WorkerCommandLine Wrapped(SandboxPolicy? policy = null) =>
        (policy ?? Policy).Wrap(WorkerCommandLine.Current, Limits, TestConfig.Snapshots);

    /// <summary>(source, destination, option) of every bind.</summary>
    private static IReadOnlyList<(string Option, string Source, string Destination)> Binds(IReadOnlyList<string> arguments)
    {
        var binds = new List<(string, string, string)>();
        for (int i = 0; i < arguments.Count - 2; i++)
        {
            if (arguments[i] is "--ro-bind" or "--ro-bind-try" or "--bind" or "--bind-try" or "--dev-bind" or "--dev-bind-try")
            {
                binds.Add((arguments[i], arguments[i + 1], arguments[i + 2]));
            }
        }

        return binds;
    }

    [Test]
    public void The_worker_gets_new_namespaces_nobody_a_new_session_and_dies_with_the_grader()
    {
        var arguments = Policy.BwrapArguments(WorkerCommandLine.Current, Limits, TestConfig.Snapshots);

        arguments.Should().Contain(["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--clearenv"]);
        arguments.Should().NotContain(["--share-net", "--bind", "--dev-bind", "--cap-add"]);
        string.Join(' ', arguments).Should().Contain("--uid 65534 --gid 65534").And.Contain("--chdir /tmp")
            .And.Contain("--dev /dev --remount-ro /dev").And.Contain($"--size {SandboxPolicy.TmpBytes} --tmpfs /tmp").And.Contain("--remount-ro / --chdir /tmp");
    }

    [Test]
    public void The_environment_is_cleared_first_and_then_holds_only_what_the_runtime_needs()
    {
        var arguments = Policy.BwrapArguments(WorkerCommandLine.Current, Limits, TestConfig.Snapshots).ToList();
        int clear = arguments.IndexOf("--clearenv");
        var set = new Dictionary<string, string>();
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--setenv")
            {
                i.Should().BeGreaterThan(clear, "--clearenv would undo an earlier --setenv");
                set[arguments[i + 1]] = arguments[i + 2];
            }
        }

        set.Should().Contain(new Dictionary<string, string>
        {
            ["HOME"] = "/tmp",
            ["DOTNET_CLI_HOME"] = "/tmp",
            ["DOTNET_GCHeapHardLimit"] = "20000000",
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_GCLOHThreshold"] = "1000000",
            ["DOTNET_GCgen0size"] = "2000000",
            ["DOTNET_gcConcurrent"] = "0",
            ["OPENBLAS_NUM_THREADS"] = "1",
            ["DOTNET_EnableWriteXorExecute"] = "0",
            ["DOTNET_EnableDiagnostics"] = "0",
        });
        set["PATH"].Should().Be("/usr/bin:/bin");
        var arithmetic = Grader.Tensors.ArithmeticProfile.ChildEnvironment();
        set.Should().Contain(arithmetic, "the host computes with the grader's BLAS core type and instruction-set switches");
        set.Keys.Should().BeSubsetOf(new[] { "PATH", "HOME", "TMPDIR", "DOTNET_CLI_HOME", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_GCHeapHardLimit", "DOTNET_gcServer",
            "DOTNET_GCLOHThreshold", "DOTNET_GCgen0size", "DOTNET_gcConcurrent", "DOTNET_TieredPGO", "OPENBLAS_NUM_THREADS", "DOTNET_EnableDiagnostics", "DOTNET_EnableWriteXorExecute" }.Concat(arithmetic.Select(e => e.Key)));
    }

    [Test]
    public void The_workers_own_variables_are_set_inside_after_the_policys()
    {
        var worker = WorkerCommandLine.Current with { Environment = HostRuntime.WithoutTraining };
        var arguments = Policy.BwrapArguments(worker, Limits, null).ToList();

        int set = arguments.IndexOf("DOTNET_TieredCompilation");
        set.Should().BeGreaterThan(arguments.IndexOf("--clearenv"));
        arguments[set - 1].Should().Be("--setenv");
        arguments[set + 1].Should().Be("0");
        Policy.BwrapArguments(WorkerCommandLine.Current, Limits, null).Should().NotContain("DOTNET_TieredCompilation");
    }

    [Test]
    public void Only_the_system_the_runtime_the_grader_and_the_snapshots_are_visible_and_all_read_only()
    {
        var binds = Binds(Policy.BwrapArguments(WorkerCommandLine.Current, Limits, TestConfig.Snapshots));
        var grader = Path.GetDirectoryName(typeof(WorkerCommandLine).Assembly.Location)!;

        binds.Should().OnlyContain(b => b.Option == "--ro-bind" || b.Option == "--ro-bind-try");
        binds.Select(b => b.Destination).Should().Contain(["/usr", "/etc/passwd", "/etc/group", "/etc/ld.so.cache", "/etc/alternatives", grader, TestConfig.Snapshots]);
        var repo = RepositoryRoot.Path;
        foreach (var bind in binds)
        {
            bind.Destination.Should().NotBe("/");
            bind.Destination.Should().NotBe(repo);
            bind.Destination.Should().NotBe(Path.Combine(repo, "fixtures"));
            bind.Destination.Should().NotStartWith(Path.Combine(repo, "fixtures", "handins"));
            bind.Destination.Should().NotStartWith(Path.Combine(repo, "Submissions"));
            bind.Destination.Should().NotStartWith(Path.Combine(repo, "Graders", "Hidden") + "/");
            bind.Destination.Should().NotBe("/etc");
            bind.Destination.Should().NotBe("/home");
            bind.Destination.Should().NotBe("/root");
            bind.Destination.Should().NotBe(Path.GetTempPath().TrimEnd('/'));
        }

        binds.Single(b => b.Destination == TestConfig.Snapshots).Option.Should().Be("--ro-bind-try", "a missing snapshot folder is the checks' problem, not bwrap's");
    }

    [Test]
    public void The_worker_starts_under_prlimit_with_the_process_memory_file_and_core_limits()
    {
        var wrapped = Wrapped();
        wrapped.FileName.Should().Be("/usr/bin/bwrap");
        var command = wrapped.Arguments.SkipWhile(a => a != "--").Skip(1).ToArray();

        command.Take(6).Should().Equal("/usr/bin/prlimit", $"--nproc={SandboxPolicy.MaxTasks}", $"--data={(512L << 20) + SandboxPolicy.NativeBytes}",
            $"--fsize={SandboxPolicy.FileBytes}", "--core=0", "--");
        File.Exists(command[6]).Should().BeTrue("the dotnet host is named by its real path, which the sandbox binds");
        command.Skip(7).Should().Equal(WorkerCommandLine.Current.Arguments);
    }

    [Test]
    public void A_root_grader_leaves_root_with_setpriv_before_bwrap()
    {
        var wrapped = Wrapped(Policy with { Setpriv = "/usr/bin/setpriv" });

        wrapped.FileName.Should().Be("/usr/bin/setpriv");
        wrapped.Arguments.Take(5).Should().Equal("--reuid=65534", "--regid=65534", "--clear-groups", "--", "/usr/bin/bwrap");
    }

    [Test]
    public void Without_prlimit_no_rlimits_are_set_and_the_description_says_so()
    {
        var bare = Policy with { Prlimit = null };
        var command = bare.Wrap(WorkerCommandLine.Current, Limits, null).Arguments.SkipWhile(a => a != "--").Skip(1).ToArray();

        command[0].Should().EndWith("dotnet");
        bare.EnvironmentFor(Limits).Select(kv => kv.Key).Should().NotContain("DOTNET_EnableWriteXorExecute", "W^X stays on where no RLIMIT_DATA needs it off");
        bare.Describe(Limits).Should().Contain(l => l.Contains("not limited", StringComparison.Ordinal) && l.Contains("prlimit", StringComparison.Ordinal));
        Policy.Describe(Limits).Should().Contain(l => l.StartsWith("private writable memory: 1536 MiB", StringComparison.Ordinal));
    }

    [Test]
    public void An_older_bwrap_gets_no_options_it_does_not_know()
    {
        var old = Policy with { DisableUserns = false, TmpfsSize = false };
        var arguments = old.BwrapArguments(WorkerCommandLine.Current, Limits, null);

        arguments.Should().NotContain(["--disable-userns", "--size"]);
        arguments.Should().Contain("--tmpfs");
    }
}
