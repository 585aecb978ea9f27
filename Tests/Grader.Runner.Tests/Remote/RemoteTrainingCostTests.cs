using Grader.Checks.Hidden.Diffusion;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The cost of the two training-quality checks with the hand-in in a host process (training is one call; the
/// reference sampler then calls the returned network once per step) against the same checks in-process, on the
/// correct example. Both must pass with the same scores' verdicts, and the remote run may cost at most twice the
/// in-process one (the same training and sampling, plus a host call per sampler step: "about the same", with room for
/// a shared machine's load); the times are printed. Explicit: about two minutes.
/// </summary>
[Explicit("measurement, about two minutes")]
[Category("Slow")]
[NonParallelizable]
public class RemoteTrainingCostTests
{
    private static readonly string[] TrainingChecks = [.. DiffusionTutorPack.Pack.TrainingChecks.Select(c => c.Id)];

    [Test]
    public async Task The_training_checks_cost_about_the_same_remote_as_in_process()
    {
        var correct = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct"));
        var options = GradeOptions.Default with
        {
            SnapshotRoot = Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots"),
            CheckTimeLimit = TimeSpan.FromMinutes(5),
            Include = (_, c) => TrainingChecks.Contains(c.Check.Id),
        };

        var clock = Stopwatch.StartNew();
        var inProcess = HandinGrader.Default.Grade(correct, TutorCatalog.Default, options);
        var inProcessTotal = clock.Elapsed;
        using var session = await LoadedHost.StartAsync(correct, RemoteHostTests.HostLine);
        clock.Restart();
        var remote = HandinGrader.Default.Grade(correct.Name, new CompileResult(true, [], 0, TimeSpan.Zero, null), session.Resolve, session.Bind, TutorCatalog.Default, options);
        var remoteTotal = clock.Elapsed;

        var a = inProcess.Tasks.SelectMany(t => t.Checks).DistinctBy(c => c.CheckId).ToArray();
        var b = remote.Tasks.SelectMany(t => t.Checks).DistinctBy(c => c.CheckId).ToArray();
        foreach (var (x, y) in a.Zip(b))
        {
            TestContext.Out.WriteLine($"{x.CheckId}: in-process {x.Elapsed.TotalSeconds:0.0} s ({x.Result.Outcome}), remote {y.Elapsed.TotalSeconds:0.0} s ({y.Result.Outcome})");
            TestContext.Out.WriteLine($"  in-process: {x.Result.Message}\n  remote:     {y.Result.Message}");
        }

        TestContext.Out.WriteLine($"total: in-process {inProcessTotal.TotalSeconds:0.0} s, remote {remoteTotal.TotalSeconds:0.0} s; {session.Channel.Calls} calls to the host");
        a.Select(c => c.CheckId).Should().BeEquivalentTo(TrainingChecks);
        a.Should().OnlyContain(c => c.Result.Outcome == CheckOutcome.Passed, "the correct example passes the training checks in-process");
        b.Select(c => (c.CheckId, c.Result.Outcome, c.Result.Message)).Should().Equal(a.Select(c => (c.CheckId, c.Result.Outcome, c.Result.Message)),
            "the host trains the same network from the same generator, so every score is the same");
        remoteTotal.Should().BeLessThanOrEqualTo(2 * inProcessTotal, "the host runs the same training; its calls add little to it");
    }
}
