namespace Grader.Grading.Tests.Remote;

/// <summary>
/// `Environment.Exit(0)` and `FailFast` if they get past the allowlist by some route (here: compiled without it): in
/// .NET test runners an exit silently drops the remaining tests; here the check that was running fails with the reason,
/// every other check of the hand-in still runs in a fresh host, and nothing counts as passed because the host ended
/// "normally".
/// </summary>
[NonParallelizable]
public class EarlyExitTests
{
    [TestCase("Environment.Exit(0); return true;", "exit code 0")]
    [TestCase("Environment.Exit(1); return true;", "exit code 1")]
    [TestCase("Environment.FailFast(\"bye\"); return true;", "SIGABRT")]
    public async Task An_exit_from_the_hand_in_fails_only_the_checks_that_ran_into_it(string body, string reason)
    {
        var correct = CorrectExamples.All();
        var exiting = $$"""
            using System;
            using System.Collections.Generic;
            using Grader.Contracts.Diffusion;

            namespace Submission;

            public sealed class BetaScheduleValidity : IBetaScheduleValidity
            {
                public bool IsValid(IReadOnlyList<double> betas) { {{body}} }
            }
            """;
        var source = correct with
        {
            Name = "leaver",
            Files = correct.Files.Select(f => f.Path == "BetaScheduleValidity.cs" ? f with { Text = exiting } : f).ToArray(),
        };

        var record = await SandboxKit.Grade(WorkerFactory.Create(out _), source, HandinCompiler.Unrestricted);

        record.Status.Should().Be(HandinStatus.Crashed, record.Reason);
        var outcome = record.ToReport(SandboxKit.Settings().Config, ManualGrades.Empty);
        var validity = outcome.Tasks.SelectMany(t => t.Checks).Where(c => c.CheckId.Contains("schedule-validity", StringComparison.Ordinal)).ToArray();
        validity.Should().NotBeEmpty().And.OnlyContain(c => !c.Passed, "every check that calls IsValid ran into the exit");
        validity.Should().OnlyContain(c => c.Result.Message.Contains(reason, StringComparison.Ordinal));
        var answer = outcome.Tasks.SelectMany(t => t.Checks).Where(c => !c.CheckId.Contains("schedule-validity", StringComparison.Ordinal)).ToArray();
        answer.Should().NotBeEmpty().And.OnlyContain(c => c.Passed, "the checks that never call IsValid are graded as usual");
        record.Timing.WorkerRuns.Should().BeGreaterThanOrEqualTo(validity.Length, "each exit ended a host, and a fresh one served the next check");
    }
}
