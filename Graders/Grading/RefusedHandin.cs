namespace Grader.Cli.Grading;

/// <summary>
/// The report of a hand-in refused at intake (<see cref="InputProblem.Skipped"/>), so that every student the tutor was
/// handed has a row in the gradebooks and in junit.xml: status <see cref="HandinStatus.Refused"/>, the refusal as its
/// reason, every due check failed (zero automatic points, the run's maximum as its maximum; a task whose automatic share
/// has no check yet, which a graded hand-in gets in full, is left out, so it gives nothing either). It is built from the
/// run's problems whenever reports are written (a run, a resumed run, <c>grader merge</c>), never stored as a record.
/// </summary>
public static class RefusedHandin
{
    /// <summary>The message of each due check of a refused hand-in.</summary>
    public const string CheckMessage = "not graded: the hand-in was refused before grading";

    /// <summary>One report per refused input of <paramref name="summary"/>, by name (ordinal); one input refused for several reasons gives one report.</summary>
    public static IReadOnlyList<HandinReport> Reports(GradingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Problems.Where(p => p.Skipped)
            .GroupBy(p => p.Handin, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Report(g.Key, string.Join(" ", g.Select(p => p.Message).Distinct(StringComparer.Ordinal)), summary.Assignment, summary.Run))
            .ToArray();
    }

    /// <summary>The report of <paramref name="name"/>, refused for <paramref name="reason"/>, over the checks <paramref name="run"/> ran.</summary>
    public static HandinReport Report(string name, string reason, Assignment assignment, RunInfo run)
    {
        var tasks = FailedTasks(assignment, run).Where(t => !t.NotGradedYet).ToArray();
        return new HandinReport(name, new CompileResult(false, [], 0, TimeSpan.Zero, null), tasks, run.VisibleOnly, run.Seed)
        {
            Status = HandinStatus.Refused,
            Reason = reason,
        };
    }

    /// <summary>
    /// The most a hand-in could score in <paramref name="run"/>, bonus excluded: the automatic points of the checks that
    /// ran (and of the tasks without checks yet) plus every manual point, as the gradebook's <c>max</c> column has it.
    /// </summary>
    public static double RunMaximum(Assignment assignment, RunInfo run) =>
        FailedTasks(assignment, run).Where(t => !t.Task.Bonus).Sum(t => t.MaxAuto + t.Task.ManualPoints);

    /// <summary>Every task of the assignment with each check the run ran failed.</summary>
    private static IEnumerable<TaskResult> FailedTasks(Assignment assignment, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(run);
        return assignment.Tasks.Select(t => new TaskResult(t, t.Checks
            .Where(c => (!run.VisibleOnly || c.Visibility == Visibility.Visible) && !run.LeftOut.Contains(c.Check.Id, StringComparer.Ordinal))
            .Select(c => new CheckVerdict(t.Id, CheckResult.Fail(c.Check.Id, CheckMessage), TimeSpan.Zero))
            .ToArray()));
    }
}
