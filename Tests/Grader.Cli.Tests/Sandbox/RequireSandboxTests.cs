using Grader.Runner.Sandbox;

namespace Grader.Cli.Tests.Sandbox;

/// <summary>
/// Fail closed where the sandbox is missing: the grader, started as a tutor's CI starts it, with a <c>bwrap</c> first on
/// PATH that fails as Ubuntu 24.04's AppArmor makes it fail ("setting up uid map: Permission denied"; the machine's own
/// settings are left alone), refuses to grade with <c>--require-sandbox</c> or <c>GRADER_SANDBOX=bwrap</c>: one line
/// naming the cause and the fix, exit 4, no stack trace; without either it falls back and says so.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class RequireSandboxTests
{
    private const string AppArmorRefusal = "bwrap: setting up uid map: Permission denied";

    [TestCase("--require-sandbox", null, "--require-sandbox")]
    [TestCase(null, "bwrap", "GRADER_SANDBOX=bwrap")]
    public async Task Where_bwrap_cannot_create_namespaces_the_grader_refuses_with_the_cause_and_the_fix(string? flag, string? variable, string named)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("bubblewrap is Linux only");
        }

        using var scratch = new Scratch();
        var handin = scratch.Handin("someone");
        var start = GraderCli.StartInfo(new[] { "check", handin, "--sheet", "002" }.Concat(flag is null ? [] : [flag]));
        BrokenBwrapFirst(start, scratch.Root);
        start.Environment[WorkerFactory.Variable] = variable;

        var (exitCode, output, error) = await GraderCli.RunAsync(start);

        TestContext.Out.WriteLine(error);
        exitCode.Should().Be(4, "the run is refused as an infrastructure failure");
        output.Should().BeEmpty("no hand-in was graded");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle("one message, no stack trace");
        lines[0].Should().Be($"grader check: refusing to run hand-ins outside the sandbox ({named}): bubblewrap is not available here: "
            + $"bwrap cannot create a sandbox (exit code 1: {AppArmorRefusal}). No hand-in was run. To fix it: {SandboxProbe.NamespaceFix()}.");
        lines[0].Should().Contain("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
    }

    [Test]
    public async Task Without_the_switch_the_same_machine_falls_back_to_plain_child_processes_and_says_so()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("bubblewrap is Linux only");
        }

        using var scratch = new Scratch();
        var handin = scratch.Handin("someone", "this does not compile");
        var start = GraderCli.StartInfo(["check", handin, "--sheet", "002"]);
        BrokenBwrapFirst(start, scratch.Root);
        start.Environment[WorkerFactory.Variable] = null;

        var (exitCode, _, error) = await GraderCli.RunAsync(start);

        TestContext.Out.WriteLine(error);
        exitCode.Should().Be(0, "the hand-in was graded (it did not compile)");
        error.Should().Contain("grader check: sandbox: none: hand-ins run as plain child processes")
            .And.Contain($"grader check: bubblewrap is not available here (bwrap cannot create a sandbox (exit code 1: {AppArmorRefusal}))");
    }

    /// <summary>
    /// The same refusal and fallback with the real bwrap, failing for the real reason: the grader runs as an ordinary user
    /// (uid 1000, as a CI runner's) in a user namespace whose <c>user.max_user_namespaces</c> is 0, so bwrap's own user
    /// namespace cannot be created — the effect of Ubuntu 24.04's AppArmor restriction (there the namespace is made but
    /// its uid map is refused; here its creation is), reproduced where the container refuses the host's sysctl. Needs root
    /// (to write the namespace's uid map) and util-linux unshare and setpriv.
    /// </summary>
    [Test]
    public async Task With_no_user_namespaces_allowed_the_real_bwrap_fails_and_the_grader_refuses_or_falls_back_and_says_so()
    {
        ClosedCheckout.IgnoreWhenRootCannotDropToNobody();
        if (!OperatingSystem.IsLinux() || !SandboxPolicy.GraderIsRoot || !File.Exists("/usr/bin/unshare") || !File.Exists("/usr/bin/setpriv") || !File.Exists("/usr/bin/bwrap"))
        {
            Assert.Ignore("needs Linux, root, /usr/bin/unshare, /usr/bin/setpriv and /usr/bin/bwrap");
        }

        using var scratch = new Scratch();
        var handin = scratch.Handin("someone", "this does not compile");
        var home = Directory.CreateDirectory(Path.Combine(scratch.Root, "home")).FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);

        var refused = await RunWithoutUserNamespaces(["check", handin, "--sheet", "002", "--require-sandbox"], home);
        var fellBack = await RunWithoutUserNamespaces(["check", handin, "--sheet", "002"], home);

        TestContext.Out.WriteLine(refused.Error + "\n" + fellBack.Error);
        refused.ExitCode.Should().Be(4, refused.Error);
        var lines = refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle("one message, no stack trace");
        lines[0].Should().StartWith("grader check: refusing to run hand-ins outside the sandbox (--require-sandbox): bubblewrap is not available here: bwrap cannot create a sandbox (exit code 1: bwrap: ")
            .And.Contain("No hand-in was run. To fix it: the kernel allows no user namespaces (user.max_user_namespaces = 0)");
        fellBack.ExitCode.Should().Be(0, "the hand-in was graded (it did not compile): " + fellBack.Error);
        fellBack.Error.Should().Contain("grader check: sandbox: none: hand-ins run as plain child processes")
            .And.Contain("grader check: bubblewrap is not available here (bwrap cannot create a sandbox (exit code 1: bwrap: ");
    }

    /// <summary>Runs the grader as uid 1000 in a new user namespace (ids 0-65535 mapped to themselves) with <c>user.max_user_namespaces</c> = 0.</summary>
    private static async Task<(int ExitCode, string Error)> RunWithoutUserNamespaces(IEnumerable<string> arguments, string home)
    {
        const string Script = """
            read _ || exit 96
            # Started before its uid was mapped, this shell has no capabilities: start again as the namespace's root, which has.
            exec /bin/sh -c 'echo 0 > /proc/sys/user/max_user_namespaces || exit 97; exec /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups -- "$@"' sh "$@"
            """;
        var start = GraderCli.StartInfo(arguments, prefix: ["/usr/bin/unshare", "--user", "--", "/bin/sh", "-c", Script, "sh"]);
        start.Environment["HOME"] = home;
        start.Environment[WorkerFactory.Variable] = null;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var ours = new FileInfo("/proc/self/ns/user").LinkTarget;
        for (int i = 0; i < 200 && !process.HasExited && new FileInfo($"/proc/{process.Id}/ns/user").LinkTarget == ours; i++)
        {
            await Task.Delay(25);
        }

        foreach (var map in new[] { "uid_map", "gid_map" })
        {
            await File.WriteAllTextAsync($"/proc/{process.Id}/{map}", "0 0 65536\n");
        }

        await process.StandardInput.WriteLineAsync("go");
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        await output;
        return (process.ExitCode, await error);
    }

    /// <summary>Puts a <c>bwrap</c> first on the PATH of <paramref name="start"/> that answers --help but cannot create a sandbox, as under AppArmor's restriction.</summary>
    private static void BrokenBwrapFirst(System.Diagnostics.ProcessStartInfo start, string scratch)
    {
        var bin = Directory.CreateDirectory(Path.Combine(scratch, "bin")).FullName;
        var bwrap = Path.Combine(bin, "bwrap");
        File.WriteAllText(bwrap, $"""
            #!/bin/sh
            if [ "$1" = "--help" ]; then echo "usage: bwrap [OPTIONS...] [--] COMMAND [ARGS...]"; echo "    --disable-userns"; exit 0; fi
            echo "{AppArmorRefusal}" >&2
            exit 1

            """);
        File.SetUnixFileMode(bwrap, (UnixFileMode)0b111_101_101);
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
    }
}
