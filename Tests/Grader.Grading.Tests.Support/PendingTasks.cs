namespace Grader.Grading.Tests.Support;

/// <summary>What a bulk run's correct example must show of the assignment's maximum, shared by the cohort's and the corpus's runs.</summary>
internal static class PendingTasks
{
    /// <summary>
    /// The correct example earns every automatic point of the assignment that ran, task by task: each task with automatic
    /// points scores all that its checks that ran can give, and a task without checks yet ("not graded automatically
    /// yet") is flagged and counted in full. The course's sheets have no such pending task at present, so their own
    /// handling (flagged, no checks, full points) is asserted on the sample pack, which has one
    /// (<c>SamplePackHostTests</c>); here every task is held to its share, so the loop never runs over nothing (it once
    /// went over the pending tasks only: none).
    /// </summary>
    public static void CorrectExampleEarnsTheMaximum(GradingSummary summary)
    {
        var correct = summary.Handins.Single(h => h.Student == CohortKey.Entries().Single(e => e.Example == "Diffusion/Correct").Student);
        var tasks = summary.Assignment.Tasks.Where(t => t.AutoPoints > 0).ToList();
        tasks.Should().NotBeEmpty("the assignment that ran has tasks with automatic points");
        foreach (var task in tasks)
        {
            var result = correct.Find(task.Id);
            result.Should().NotBeNull($"the correct example's report has {task.Id}");
            result!.NotGradedYet.Should().Be(task.ChecksPending, $"{task.Id} is flagged exactly when its checks are pending");
            if (task.ChecksPending) result.Score.Should().Be(task.AutoPoints, $"{task.Id} has no checks yet and counts in full").And.Be(result.MaxAuto);
            else result.Score.Should().BeApproximately(result.MaxAuto, 1e-9, $"the correct example passes every check of {task.Id} that ran");
        }

        (correct.Possible + correct.NotRun).Should().BeApproximately(summary.Assignment.Tasks.Where(t => !t.Bonus).Sum(t => t.AutoPoints), 1e-9,
            "the assignment's automatic maximum is all its tasks' automatic points (the left-out training checks' share is not run)");
        correct.Total.Should().BeApproximately(correct.Possible + correct.BonusPossible, 1e-9, "the correct example earns every point that ran, pending shares and bonus tasks (001's 1 (f)) included");
    }
}
