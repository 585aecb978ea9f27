namespace Grader.Grading.Tests.Remote;

/// <summary>
/// What a hand-in can see from inside its bubblewrap sandbox: not the approved snapshots the grader was given (the
/// sandbox does not bind them), where the same probe in a sandbox that binds them does see them (the control: the probe
/// would notice a bound folder); nor the grader's own folder with the checks, the reference solution, the hidden checks
/// and their snapshots — the separate host (<c>host/grader-host</c>) is all the sandbox binds of it.
/// Ignored where bubblewrap does not work, unless GRADER_REQUIRE_SANDBOX=1.
/// </summary>
[NonParallelizable]
public class RemoteSandboxTests
{
    private static readonly string GraderFolder = AppContext.BaseDirectory;

    private static HandinSource Probe() => SandboxKit.Throwing("seen", "SEEN", $$"""
                    string Seen(string path) => path + "=" + (Directory.Exists(path) || File.Exists(path) ? "visible" : "absent");
                    return string.Join("|", new[]
                    {
                        Seen(@"{{SandboxKit.Snapshots}}"),
                        Seen(@"{{Path.Combine(GraderFolder, "snapshots")}}"),
                        Seen(@"{{Path.Combine(GraderFolder, "Grader.Checks.Hidden.dll")}}"),
                        Seen(@"{{Path.Combine(GraderFolder, "Grader.Reference.dll")}}"),
                        Seen(@"{{Path.Combine(GraderFolder, "Grader.Checks.dll")}}"),
                    });
        """);

    [Test]
    public async Task The_host_does_not_see_the_snapshots_it_was_not_given()
    {
        // The outcomes come from the hand-in's record, which StudentText scrubs of the grader's folders: keyed by the scrubbed paths.
        var policy = SandboxKit.RequirePolicy();

        var outside = SandboxKit.Outcomes(await SandboxKit.Grade(new BubblewrapWorker(policy), Probe(), HandinCompiler.Unrestricted), "SEEN");
        var binding = new ChildProcessWorker(null, (host, _, limits) => policy.Wrap(host, limits, SandboxKit.Snapshots));
        var inside = SandboxKit.Outcomes(await SandboxKit.Grade(binding, Probe(), HandinCompiler.Unrestricted), "SEEN");

        TestContext.Out.WriteLine("the grader's sandbox:\n  " + string.Join("\n  ", outside.Select(kv => $"{kv.Key}: {kv.Value}")));
        TestContext.Out.WriteLine("a sandbox that binds the snapshots:\n  " + string.Join("\n  ", inside.Select(kv => $"{kv.Key}: {kv.Value}")));
        inside[StudentText.Scrub(SandboxKit.Snapshots)].Should().Be("visible", "the control: a sandbox that binds the snapshots shows them, and the probe sees them");
        outside[StudentText.Scrub(SandboxKit.Snapshots)].Should().Be("absent", "the host is not given the snapshots");
        File.Exists(Path.Combine(GraderFolder, HostCommandLine.Folder, HostCommandLine.FileName)).Should().BeTrue("the separate host ships beside the grader");
        foreach (var secret in new[] { "snapshots", "Grader.Checks.Hidden.dll", "Grader.Reference.dll", "Grader.Checks.dll" })
        {
            var path = Path.Combine(GraderFolder, secret);
            (File.Exists(path) || Directory.Exists(path)).Should().BeTrue($"the control: {secret} is in the grader's folder outside");
            outside[StudentText.Scrub(path)].Should().Be("absent", $"{secret} must not be visible to the hand-in");
        }
    }
}
