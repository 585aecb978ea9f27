namespace Grader.Grading.Tests.Remote;

/// <summary>
/// A hand-in graded whole through real hosts (<see cref="HandinRunner"/>) that loops inside a call full of callbacks
/// loses only the checks that call it, and only the first of them runs the loop to its limit (was Grader.Runner.Tests'
/// RemoteHostTests; the runner's tests no longer reference the grading room, issue 83 item 2). The limit is the call's
/// CPU budget, the host's CPU time while the call is in flight (<see cref="CallCpu"/>), under wall limits no load reaches
/// (<see cref="BudgetedGrading"/>; was a 4 s wall-clock limit per check with no CPU budget, which the correct checks
/// beside the loop passed at load 60, issue 83 item 1). The wall-clock limit's own proof, a call that waits without
/// computing: <c>CallCpuTests.A_call_that_waits_without_computing_is_stopped_by_the_wall_clock_and_not_made_again</c>.
/// </summary>
[NonParallelizable]
public class CallbackTimeoutTests
{
    [Test]
    public async Task A_loop_in_a_call_full_of_callbacks_is_stopped_by_its_cpu_budget_and_kills_only_the_checks_that_make_it()
    {
        var correct = HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion", "Correct"));
        var looping = new HandinSource("looping-sampler", correct.Files.Select(f => f.Path.EndsWith("DtuDdpm.cs", StringComparison.Ordinal)
            ? f with { Text = f.Text.Replace("        using var noGrad = no_grad();\n        int n = shape[0];", "        for (long i = 0; i >= 0; i++) { network.Forward(noise.Latent(shape), zeros(shape[0], 1)); var w = zeros(1000, 100); for (int k = 0; k < 300; k++) w = w + 1f; }\n        using var noGrad = no_grad();\n        int n = shape[0];", StringComparison.Ordinal) }
            : f).ToArray());
        looping.Files.Single(f => f.Path.EndsWith("DtuDdpm.cs", StringComparison.Ordinal)).Text.Should().Contain("for (long i = 0;");
        // The loop computes in the host between its callbacks (300 additions on a 1000 × 100 tensor a round), so its CPU
        // budget, 3 s of host CPU, ends it; the grader's callbacks in between run in the grader, outside that budget, and
        // the loop's rounds are far inside the callback budget by then (its rounds per CPU second do not change with load).
        var record = await BudgetedGrading.GradeAsync(looping, "004");

        record.Status.Should().Be(HandinStatus.TimedOut);
        var budget = CallCpu.DefaultBudget.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var failed = record.Checks.Where(c => c.Result.Outcome != CheckOutcome.Passed).ToArray();
        var first = failed.Where(c => c.Result.Message == $"the call IDtuDdpm.Sample used more than {budget} s of CPU time, the budget of one call (an endless loop, or far too slow), so its worker was stopped").ToArray();
        first.Should().ContainSingle("the first check that calls Sample runs the loop to its CPU budget");
        failed.Except(first).Should().NotBeEmpty("the sampler has more than one check").And.OnlyContain(c => c.Result.Message ==
            $"not run: the same call (IDtuDdpm.Sample) used up its CPU budget ({budget} s of CPU time) in check {first[0].TaskId} ({first[0].CheckId}), so this check was stopped when it made it",
            "the hand-in's Sample was the call in flight, though part of its time went to the grader's callbacks; the later checks that call it fail at once");
        record.Checks.Where(c => c.CheckId.Contains("elbo", StringComparison.OrdinalIgnoreCase)).Should().NotBeEmpty()
            .And.OnlyContain(c => c.Result.Outcome == CheckOutcome.Passed, "the checks that never call Sample pass in the fresh host");
        record.Timing.WorkerRuns.Should().Be(2, "the stopped call costs one host, and no later check runs the loop");
    }
}
