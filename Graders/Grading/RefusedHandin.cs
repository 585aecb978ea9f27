using Grader.Grading.Discovery;

namespace Grader.Grading;

/// <summary>
/// The grade of a hand-in refused at intake (<see cref="InputProblem.Skipped"/>: it did not unpack, a duplicate group
/// member's, refused files) or of a group member with no hand-in, so that every student the tutor was handed has a row
/// in the gradebooks and in junit.xml: status <see cref="HandinStatus.Refused"/>, the refusal as its reason, every due
/// check failed and every task's automatic share withheld (<see cref="TaskResult.Refused"/>: zero automatic points, also
/// for a task whose share has no check yet), and the tutor's manual scores joined by <see cref="HandinGrade.Of"/> like
/// any hand-in's, so a score recorded for the student's written report is kept. Its <see cref="HandinReport.Max"/> is
/// the run's maximum, the same as every graded hand-in's. It is built from the run's problems whenever reports are
/// written (a run, a resumed run, <c>grader merge</c>, the semester), never stored as a record.
/// </summary>
public static class RefusedHandin
{
    /// <summary>The message of each due check of a refused hand-in.</summary>
    public const string CheckMessage = "not graded: the hand-in was refused before grading";

    /// <summary>One grade per refused input of <paramref name="summary"/>, by name (ordinal), with the run's manual scores; one input refused for several reasons gives one.</summary>
    public static IReadOnlyList<HandinReport> Reports(GradingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Reasons(summary.Problems)
            .Select(r => HandinGrade.Of(Report(r.Key, r.Value, summary.Assignment, summary.Run), summary.Manual))
            .ToArray();
    }

    /// <summary>The refused inputs of <paramref name="problems"/>, by name (ordinal), each with its reasons joined.</summary>
    public static IReadOnlyDictionary<string, string> Reasons(IEnumerable<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Where(p => p.Skipped)
            .GroupBy(p => p.Handin, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(p => p.Message).Distinct(StringComparer.Ordinal)), StringComparer.Ordinal);
    }

    /// <summary>
    /// The verdicts of <paramref name="name"/>, refused for <paramref name="reason"/>, over the checks <paramref name="run"/>
    /// ran on <paramref name="assignment"/>: to be joined with the manual scores by <see cref="HandinGrade.Of"/> before any
    /// output reads a total.
    /// </summary>
    public static HandinVerdicts Report(string name, string reason, Assignment assignment, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Report(name, reason, assignment, run.VisibleOnly, run.LeftOut, run.Seed);
    }

    /// <summary>The verdicts of <paramref name="name"/>, refused for <paramref name="reason"/>, over the checks <paramref name="config"/> runs.</summary>
    public static HandinVerdicts Report(string name, string reason, GradingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Report(name, reason, config.Assignment, config.VisibleOnly, config.LeftOut, config.Seed);
    }

    /// <summary>The run's maximum (<see cref="HandinReport.Max"/>, the one every hand-in of it has): what a refused hand-in could have scored.</summary>
    public static double Maximum(GradingConfig config) => HandinGrade.Of(Report("", "", config), ManualGrades.Empty).Max;

    /// <summary>The run's maximum (<see cref="HandinReport.Max"/>) of <paramref name="run"/> on <paramref name="assignment"/>.</summary>
    public static double Maximum(Assignment assignment, RunInfo run) => HandinGrade.Of(Report("", "", assignment, run), ManualGrades.Empty).Max;

    private static HandinVerdicts Report(string name, string reason, Assignment assignment, bool visibleOnly, IEnumerable<string> leftOut, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var skipped = leftOut.ToHashSet(StringComparer.Ordinal);
        var tasks = assignment.Tasks.Select(t => new TaskResult(t, t.Checks
                .Where(c => (!visibleOnly || c.Visibility == Visibility.Visible) && !skipped.Contains(c.Check.Id))
                .Select(c => new CheckVerdict(t.Id, CheckResult.Fail(c.Check.Id, CheckMessage), TimeSpan.Zero))
                .ToArray()) { Refused = true })
            .ToArray();
        return new HandinVerdicts(name, new CompileResult(false, [], 0, TimeSpan.Zero, null), tasks, visibleOnly, seed)
        {
            Status = HandinStatus.Refused,
            Reason = reason,
        };
    }
}
