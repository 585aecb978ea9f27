using Grader.Checks.Checking;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// Which runtime a host starts with for its job (<see cref="HostRuntime.For"/>): no tiered compilation in either; a host
/// with a training check due also runs the tensor engine JIT-compiled (its ReadyToRun code excluded), a host that trains
/// nothing (a quick pass, the checks left after the training ran) keeps the engine's ReadyToRun code.
/// </summary>
public class HostRuntimeTests
{
    private static readonly WorkerCommandLine Host = new("/usr/bin/dotnet", ["exec", "grader-host.dll"], new Dictionary<string, string> { ["TMPDIR"] = "/tmp/x" });

    private static WorkerJob Job(GradingConfig config, IReadOnlyList<string>? skip = null) => new("student", [], null, config, skip ?? []);

    private static string[] TrainingKeys(GradingConfig config) =>
        config.Due.Where(d => d.Check.Check is ITrainingCheck).Select(d => WorkerProtocol.Key(d.Task.Id, d.Check.Check.Id)).ToArray();

    [Test]
    public void A_host_with_a_training_check_due_starts_without_tiering_and_the_engine_JIT_compiled()
    {
        var settings = TestConfig.For("000");
        TrainingKeys(settings).Should().HaveCount(2, "sheet 000 has the V and the INN training checks");

        foreach (var job in new[] { Job(settings), Job(settings, skip: [TrainingKeys(settings)[0]]) })
        {
            job.Trains.Should().BeTrue("one training check is still due");
            var host = HostRuntime.For(Host, job);
            host.Environment.Should().Contain("DOTNET_TieredCompilation", "0")
                .And.Contain("DOTNET_ReadyToRunExcludeList", "Grader.Tensors", "the engine's assembly, by its simple name")
                .And.Contain("TMPDIR", "/tmp/x", "the host's own variables stay")
                .And.HaveCount(3);
            host.FileName.Should().Be(Host.FileName);
            host.Arguments.Should().Equal(Host.Arguments);
        }
    }

    [Test]
    public void A_host_that_trains_nothing_starts_without_tiered_compilation()
    {
        var settings = TestConfig.For("000");
        var quick = TestConfig.For("000", leftOut: settings.Due.Where(d => d.Check.Check is ITrainingCheck).Select(d => d.Check.Check.Id));
        var jobs = new[]
        {
            Job(quick),
            Job(settings, skip: TrainingKeys(settings)),
            Job(TestConfig.For("000", visibleOnly: true)),
        };

        foreach (var job in jobs)
        {
            job.Trains.Should().BeFalse();
            var host = HostRuntime.For(Host, job);
            host.Environment.Should().Contain("DOTNET_TieredCompilation", "0").And.Contain("TMPDIR", "/tmp/x", "the host's own variables stay")
                .And.NotContainKey("DOTNET_ReadyToRunExcludeList", "a host of about a second of checks keeps the engine's precompiled code");
            host.FileName.Should().Be(Host.FileName);
            host.Arguments.Should().Equal(Host.Arguments);
        }
    }
}
