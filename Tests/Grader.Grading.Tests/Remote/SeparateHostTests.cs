using Grader.Runner.Sandbox;
using Grader.Remote.Channel;

namespace Grader.Grading.Tests.Remote;

/// <summary>
/// The separate host program (Graders/Host, <c>grader-host</c>): its folder holds only the host, Grader.Contracts and
/// Grader.Tensors; the process a hand-in runs in has no grader, check, reference or hidden-check assembly loaded; and
/// it grades the correct example like the host inside <c>grader</c>. Uses the host as built in Graders/Host/bin
/// (ignored when it has not been built: <c>dotnet build Graders/Host</c>).
/// </summary>
[NonParallelizable]
public class SeparateHostTests
{
    private static readonly string[] Allowed = ["grader-host", "Grader.Remote", "Grader.Contracts", "Grader.Tensors", "System.Numerics.Tensors"];

    private static string HostAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot.Path, "Graders", "Host", "bin", configuration, "net10.0", HostCommandLine.FileName);
        if (!File.Exists(path))
        {
            Assert.Ignore($"the separate host is not built ({path}); run dotnet build Graders/Host");
        }

        return path;
    }

    private static WorkerCommandLine Host() => HostCommandLine.For(HostAssembly())!;

    [Test]
    public void The_keys_of_a_rethrown_exception_are_the_graders()
    {
        RemoteKeys.Location.Should().Be(HandinGrader.LocationKey);
        RemoteKeys.Type.Should().Be(HandinGrader.TypeKey);
    }

    [Test]
    public void The_host_folder_holds_only_the_host_the_contracts_and_the_tensors()
    {
        var folder = Path.GetDirectoryName(HostAssembly())!;
        var names = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).ToArray();
        TestContext.Out.WriteLine(string.Join("\n", names));
        names.Should().OnlyContain(n => Allowed.Any(a => n!.StartsWith(a + ".", StringComparison.Ordinal) || n == a));
    }

    [Test]
    public void The_host_shipped_beside_the_grader_holds_no_check_reference_or_hidden_check_assembly()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, HostCommandLine.Folder);
        var names = Directory.GetFiles(folder).Select(Path.GetFileName).ToArray();
        names.Should().Contain(HostCommandLine.FileName);
        names.Should().NotContain(n => n!.StartsWith("Grader.Checks", StringComparison.Ordinal) || n.StartsWith("Grader.Reference", StringComparison.Ordinal)
            || n.StartsWith("Grader.Checks.Hidden", StringComparison.Ordinal) || n.StartsWith("grader.", StringComparison.Ordinal));
        names.Should().OnlyContain(n => Allowed.Any(a => n!.StartsWith(a + ".", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Graders/Host's runtime configuration as shipped: no quick JIT (a method without precompiled code is compiled once,
    /// optimised), tiering on (a precompiled method a training check calls 30 times is compiled again for this machine;
    /// docs/measurements/2026-11-23-main-command.md).
    /// </summary>
    [Test]
    public void The_shipped_host_compiles_optimised_at_once_and_recompiles_hot_precompiled_code()
    {
        var path = Path.Combine(AppContext.BaseDirectory, HostCommandLine.Folder, "grader-host.runtimeconfig.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        properties.GetProperty("System.Runtime.TieredCompilation").GetBoolean().Should().BeTrue();
        properties.GetProperty("System.Runtime.TieredCompilation.QuickJit").GetBoolean().Should().BeFalse();
    }

    [Test]
    public async Task The_hand_in_finds_no_grader_assembly_in_its_process()
    {
        var probe = SandboxKit.Throwing("assemblies", "LOADED", """
                    return string.Join("|", AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Where(n => n is not null && !n.StartsWith("System", StringComparison.Ordinal) && !n.StartsWith("Microsoft", StringComparison.Ordinal)).Order());
            """);
        var record = await SandboxKit.Grade(new ChildProcessWorker(null, null, Host()), probe, HandinCompiler.Unrestricted);

        var loaded = SandboxKit.Report(record, "LOADED");
        TestContext.Out.WriteLine(string.Join(", ", loaded));
        loaded.Should().Contain("Grader.Contracts").And.Contain("grader-host");
        loaded.Should().NotContain(n => n == "grader" || n.StartsWith("Grader.Checks", StringComparison.Ordinal) || n.StartsWith("Grader.Reference", StringComparison.Ordinal) || n == "Grader.Figures");
    }

    [Test]
    public async Task The_correct_example_gets_full_marks_on_sheet_002_with_the_separate_host()
    {
        var correct = CorrectExamples.All();
        IWorker worker = SandboxProbe.Current is { Usable: true, Policy: { } policy }
            ? new BubblewrapWorker(policy, null, Host())
            : new ChildProcessWorker(null, null, Host());

        var record = await SandboxKit.Grade(worker, correct);

        record.Status.Should().Be(HandinStatus.Graded, record.Reason + "\n" + record.Log);
        record.Checks.Should().NotBeEmpty().And.OnlyContain(c => c.Result.Outcome == CheckOutcome.Passed, string.Join("\n", record.Checks.Select(c => $"{c.TaskId} {c.CheckId}: {c.Result.Message}")));
        TestContext.Out.WriteLine($"{worker.Name}: {record.Checks.Count} checks in {record.Timing.Total.TotalSeconds:0.00} s (host start {record.Timing.Startup.TotalSeconds:0.00} s)");
    }
}
