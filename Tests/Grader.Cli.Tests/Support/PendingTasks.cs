using FluentAssertions;
using Grader.Cli.Grading;

namespace Grader.Cli.Tests.Support;

/// <summary>What a bulk run's correct example must show of the assignment's maximum, shared by the cohort's and the corpus's runs.</summary>
internal static class PendingTasks
{
    /// <summary>
    /// The correct example earns every automatic point of the assignment that ran, the shares of tasks without checks yet
    /// ("not graded automatically yet", counted in full) included. The course's sheets have no such task at present, so
    /// their own handling (flagged, no checks, full points) is asserted on the sample pack, which has one
    /// (<c>SamplePackHostTests</c>); here any pending task the assignment has must be flagged and counted in full too.
    /// </summary>
    public static void CorrectExampleEarnsTheMaximum(GradingSummary summary)
    {
        var correct = summary.Handins.Single(h => h.Student == CohortKey.Entries().Single(e => e.Example == "Diffusion/Correct").Student);
        foreach (var task in summary.Assignment.Tasks.Where(t => t.ChecksPending))
        {
            var result = correct.Find(task.Id)!;
            result.NotGradedYet.Should().BeTrue();
            result.Score.Should().Be(task.AutoPoints).And.Be(result.MaxAuto);
        }

        (correct.Possible + correct.NotRun).Should().BeApproximately(summary.Assignment.Tasks.Where(t => !t.Bonus).Sum(t => t.AutoPoints), 1e-9,
            "the assignment's automatic maximum is all its tasks' automatic points (the left-out training checks' share is not run)");
        correct.Total.Should().BeApproximately(correct.Possible + correct.BonusPossible, 1e-9, "the correct example earns every point that ran, pending shares and bonus tasks (001's 1 (f)) included");
    }
}
