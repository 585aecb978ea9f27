using System.Runtime.Versioning;
using Grader.Runner.Sandbox;

namespace Grader.Runner.Tests.Sandbox;

/// <summary>GRADER_SANDBOX and the probe decide between the bubblewrap sandbox and a plain child process.</summary>
public class WorkerFactoryTests
{
    private static readonly SandboxStatus Works = new(new SandboxPolicy("/usr/bin/bwrap", "/usr/bin/prlimit", null, true, true), null);

    private static readonly SandboxStatus Broken = new(null, "bwrap cannot create a sandbox (exit code 1: bwrap: No permissions to create new namespace)");

    [TestCase(null)]
    [TestCase("")]
    [TestCase("auto")]
    [TestCase("bwrap")]
    [TestCase(" BWRAP ")]
    public void Where_the_probe_succeeds_hand_ins_run_in_the_sandbox(string? choice)
    {
        var worker = WorkerFactory.Create(choice, () => Works, null, out var warning);

        worker.Should().BeOfType<BubblewrapWorker>().Which.Policy.Should().Be(Works.Policy);
        worker.Name.Should().Be("bubblewrap sandbox");
        warning.Should().BeNull();
    }

    [TestCase(null)]
    [TestCase("auto")]
    public void Where_it_fails_they_run_as_plain_child_processes_with_a_one_line_warning(string? choice)
    {
        ClosedCheckout.IgnoreWhenRootCannotDropToNobody();
        var worker = WorkerFactory.Create(choice, () => Broken, null, out var warning);

        worker.Should().BeOfType<ChildProcessWorker>();
        warning.Should().StartWith("bubblewrap is not available here (bwrap cannot create a sandbox (exit code 1: bwrap: No permissions to create new namespace)); "
            + "hand-ins run as plain child processes with time, memory and output limits, ");
        warning.Should().Contain(Grader.Remote.Host.HostConfinement.Available
            ? "confined by Landlock to the runtime and their own folder"
            : "but the kernel has no Landlock, so hand-ins can read what you can read");
        warning.Should().NotContain("\n");
    }

    [TestCase(null)]
    [TestCase("bwrap")]
    public void A_sandbox_without_the_process_cap_is_used_but_said(string? choice)
    {
        var weakened = Works with { Weakened = "the grader runs as root and the sandbox could not run hand-ins as nobody (…)" };

        var worker = WorkerFactory.Create(choice, () => weakened, null, out var warning);

        worker.Should().BeOfType<BubblewrapWorker>();
        warning.Should().Be(weakened.Weakened);
    }

    [Test]
    [SupportedOSPlatform("linux")]
    public void The_warning_names_the_folders_closed_to_nobody()
    {
        var root = Directory.CreateTempSubdirectory("grader-closed-");
        try
        {
            var closed = Directory.CreateDirectory(Path.Combine(root.FullName, "private"));
            var inside = Directory.CreateDirectory(Path.Combine(closed.FullName, "tool"));
            File.SetUnixFileMode(root.FullName, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(closed.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(inside.FullName, (UnixFileMode)0b111_101_101);
            var dll = Path.Combine(inside.FullName, "grader.dll");

            SandboxProbe.ClosedFoldersAbove(dll).Should().Contain(closed.FullName).And.NotContain([inside.FullName, root.FullName]);
            var warning = SandboxProbe.Weakening("bwrap: Can't find source path", new WorkerCommandLine("/usr/bin/dotnet", ["exec", dll]));
            warning.Should().Contain("(RLIMIT_NPROC) does not bind").And.Contain(closed.FullName + " is closed to other users").And.Contain("chmod o+x").And.NotContain("\n");

            File.SetUnixFileMode(closed.FullName, (UnixFileMode)0b111_101_101);
            SandboxProbe.ClosedFoldersAbove(dll).Should().NotContain(closed.FullName);
        }
        finally
        {
            File.SetUnixFileMode(root.FullName, (UnixFileMode)0b111_101_101);
            root.Delete(recursive: true);
        }
    }

    [Test]
    public void None_forces_a_plain_child_process_without_probing()
    {
        var worker = WorkerFactory.Create("none", () => throw new AssertionException("no probe for none"), null, out var warning);

        worker.Should().BeOfType<ChildProcessWorker>();
        warning.Should().StartWith("GRADER_SANDBOX=none: hand-ins run as plain child processes");
    }

    [Test]
    public void Bwrap_forced_where_it_does_not_work_is_an_error_not_a_silent_fallback()
    {
        var act = () => WorkerFactory.Create("bwrap", () => Broken with { Fix = "allow them" }, null, out _);

        act.Should().Throw<WorkerStartException>().Which.Message.Should().Be(
            "refusing to run hand-ins outside the sandbox (GRADER_SANDBOX=bwrap): bubblewrap is not available here: "
            + "bwrap cannot create a sandbox (exit code 1: bwrap: No permissions to create new namespace). No hand-in was run. To fix it: allow them.");
    }

    [TestCase(null)]
    [TestCase("auto")]
    [TestCase("bwrap")]
    public void Require_sandbox_refuses_where_it_does_not_work_and_names_the_cause_and_the_fix(string? choice)
    {
        var act = () => WorkerFactory.Create(choice, requireSandbox: true, () => Broken with { Fix = "allow them" }, null, out _);

        act.Should().Throw<WorkerStartException>().Which.Message.Should().Be(
            "refusing to run hand-ins outside the sandbox (--require-sandbox): bubblewrap is not available here: "
            + "bwrap cannot create a sandbox (exit code 1: bwrap: No permissions to create new namespace). No hand-in was run. To fix it: allow them.");
    }

    [TestCase(null)]
    [TestCase("bwrap")]
    public void Require_sandbox_takes_the_sandbox_where_it_works(string? choice)
    {
        var worker = WorkerFactory.Create(choice, requireSandbox: true, () => Works, null, out var warning);

        worker.Should().BeOfType<BubblewrapWorker>();
        warning.Should().BeNull();
        WorkerFactory.Describe(worker).Should().StartWith("sandbox: bubblewrap (/usr/bin/bwrap): ");
    }

    [Test]
    public void Require_sandbox_refuses_none_without_probing()
    {
        var act = () => WorkerFactory.Create("none", requireSandbox: true, () => throw new AssertionException("no probe for none"), null, out _);

        act.Should().Throw<WorkerStartException>().WithMessage("refusing to run hand-ins outside the sandbox (--require-sandbox), and GRADER_SANDBOX=none asks for plain child processes: unset GRADER_SANDBOX*");
    }

    [Test]
    public void A_plain_child_process_is_described_as_no_sandbox()
    {
        var worker = WorkerFactory.Create("none", () => throw new AssertionException("no probe for none"), null, out _);

        WorkerFactory.Describe(worker).Should().StartWith("sandbox: none: hand-ins run as plain child processes (child process; ")
            .And.Contain(Grader.Remote.Host.HostConfinement.Available ? "Landlock ABI" : "no Landlock in this kernel: the host is not confined")
            .And.EndWith("; a private temporary folder)");
    }

    [Test]
    public void The_fix_names_the_setting_that_forbids_user_namespaces()
    {
        var procSys = Directory.CreateTempSubdirectory("grader-proc-sys-");
        try
        {
            SandboxProbe.NamespaceFix(procSys.FullName).Should().Contain("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0", "with no setting to read, the usual fixes are named");
            Directory.CreateDirectory(Path.Combine(procSys.FullName, "kernel"));
            Directory.CreateDirectory(Path.Combine(procSys.FullName, "user"));
            File.WriteAllText(Path.Combine(procSys.FullName, "user", "max_user_namespaces"), "0\n");
            SandboxProbe.NamespaceFix(procSys.FullName).Should().StartWith("the kernel allows no user namespaces (user.max_user_namespaces = 0)");
            File.WriteAllText(Path.Combine(procSys.FullName, "kernel", "apparmor_restrict_unprivileged_userns"), "1\n");
            SandboxProbe.NamespaceFix(procSys.FullName).Should().StartWith(
                "AppArmor forbids unprivileged user namespaces here (kernel.apparmor_restrict_unprivileged_userns = 1): lift it with `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`");
            File.WriteAllText(Path.Combine(procSys.FullName, "kernel", "apparmor_restrict_unprivileged_userns"), "0\n");
            SandboxProbe.NamespaceFix(procSys.FullName).Should().StartWith("the kernel allows no user namespaces", "a lifted AppArmor restriction is not named");
        }
        finally
        {
            procSys.Delete(recursive: true);
        }
    }

    [Test]
    public void An_unknown_value_is_an_error()
    {
        var act = () => WorkerFactory.Create("docker", () => Works, null, out _);

        act.Should().Throw<WorkerStartException>().WithMessage("GRADER_SANDBOX must be none, bwrap or auto, not \"docker\"");
    }

    [Test]
    public void The_probe_answers_here_and_names_its_reason_when_it_fails()
    {
        var status = SandboxProbe.Current;
        TestContext.Out.WriteLine(status.Usable ? "bubblewrap works here:\n  " + string.Join("\n  ", status.Policy!.Describe(WorkerLimits.Default)) : "bubblewrap does not work here: " + status.Problem);

        if (status.Usable)
        {
            status.Problem.Should().BeNull();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            SandboxProbe.Run(WorkerCommandLine.Current).Usable.Should().BeTrue();
            TestContext.Out.WriteLine($"probing again took {clock.ElapsedMilliseconds} ms");
        }
        else
        {
            status.Problem.Should().NotBeNullOrWhiteSpace();
            SandboxRequirement.Policy();
        }
    }
}
