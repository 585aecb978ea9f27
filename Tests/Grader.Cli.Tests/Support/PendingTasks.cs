using FluentAssertions;
using Grader.Cli.Grading;

namespace Grader.Cli.Tests.Support;

/// <summary>What a bulk run's correct example must show of the assignment's maximum, shared by the cohort's and the corpus's runs.</summary>
internal static class PendingTasks
{
    /// <summary>
    /// A task without checks yet counts at its full automatic points ("not graded automatically yet"), and the correct
    /// example earns every automatic point of the assignment that ran, pending shares included.
    /// </summary>
    public static void CountInFull(GradingSummary summary)
    {
        var pending = summary.Assignment.Tasks.Where(t => t.ChecksPending).ToArray();
        var correct = summary.Handins.Single(h => h.Student == CohortKey.Entries().Single(e => e.Example == "Diffusion/Correct").Student);
        foreach (var task in pending)
        {
            var result = correct.Find(task.Id)!;
            result.NotGradedYet.Should().BeTrue();
            result.Score.Should().Be(task.AutoPoints).And.Be(result.MaxAuto);
        }

        (correct.Possible + correct.NotRun).Should().BeApproximately(summary.Assignment.Tasks.Where(t => !t.Bonus).Sum(t => t.AutoPoints), 1e-9,
            "the assignment's automatic maximum is all its tasks' automatic points (the left-out training checks' share is not run)");
        correct.Total.Should().BeApproximately(correct.Possible, 1e-9, "the correct example earns every point that ran, pending shares included");
    }
}
