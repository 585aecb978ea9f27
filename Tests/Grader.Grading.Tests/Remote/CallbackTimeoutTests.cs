namespace Grader.Grading.Tests.Remote;

/// <summary>
/// A hand-in graded whole through real hosts (<see cref="HandinRunner"/>) that loops inside a call full of callbacks
/// loses only the checks that call it, and only the first of them waits out its limit (was Grader.Runner.Tests'
/// RemoteHostTests; the runner's tests no longer reference the grading room, issue 83 item 2).
/// </summary>
[NonParallelizable]
public class CallbackTimeoutTests
{
    [Test]
    public async Task A_timeout_in_a_call_full_of_callbacks_kills_only_the_checks_that_make_it()
    {
        var correct = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct"));
        var looping = new HandinSource("looping-sampler", correct.Files.Select(f => f.Path.EndsWith("DtuDdpm.cs", StringComparison.Ordinal)
            ? f with { Text = f.Text.Replace("        using var noGrad = no_grad();\n        int n = shape[0];", "        for (long i = 0; i >= 0; i++) { network.Forward(noise.Latent(shape), zeros(shape[0], 1)); var w = zeros(1000, 100); for (int k = 0; k < 300; k++) w = w + 1f; }\n        using var noGrad = no_grad();\n        int n = shape[0];", StringComparison.Ordinal) }
            : f).ToArray());
        looping.Files.Single(f => f.Path.EndsWith("DtuDdpm.cs", StringComparison.Ordinal)).Text.Should().Contain("for (long i = 0;");
        // The work between callbacks keeps the loop far inside the callback budget in 4 s, so it ends at the time limit.
        var record = await WallClockGrading.GradeAsync(looping, "004", checkSeconds: 4);

        record.Status.Should().Be(HandinStatus.TimedOut);
        var failed = record.Checks.Where(c => c.Result.Outcome != CheckOutcome.Passed).ToArray();
        var first = failed.Where(c => c.Result.Message.StartsWith("timed out after 4 s", StringComparison.Ordinal)).ToArray();
        first.Should().ContainSingle("the first check that calls Sample waits out its limit");
        failed.Except(first).Should().NotBeEmpty("the sampler has more than one check").And.OnlyContain(c => c.Result.Message.StartsWith(
            $"not run: the same call (IDtuDdpm.Sample) timed out in check {first[0].TaskId} ({first[0].CheckId}) after 4 s", StringComparison.Ordinal),
            "the hand-in's Sample was the call in flight, though the time went partly to the grader's callbacks; the later checks that call it fail at once");
        record.Checks.Where(c => c.CheckId.Contains("elbo", StringComparison.OrdinalIgnoreCase)).Should().NotBeEmpty()
            .And.OnlyContain(c => c.Result.Outcome == CheckOutcome.Passed, "the checks that never call Sample pass in the fresh host");
        record.Timing.WorkerRuns.Should().Be(2, "the timeout costs one host, and no later check times out");
    }
}
