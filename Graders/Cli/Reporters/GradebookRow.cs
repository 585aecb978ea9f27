namespace Grader.Cli.Reporters;

/// <summary>
/// One student's line of the gradebook: a <see cref="TaskScore"/> per task and the totals. Automatic points come from
/// the hand-in's <see cref="Checks.Results.HandinReport"/>, manual points from <see cref="ManualGrades"/>; nothing here
/// computes a verdict. The CSVs, the summary, the feedback and the job summary all read their numbers from this row.
/// </summary>
/// <param name="Outcome">The hand-in's outcome.</param>
/// <param name="Tasks">One entry per task of the table, in table order.</param>
public sealed record GradebookRow(HandinReport Outcome, IReadOnlyList<TaskScore> Tasks)
{
    /// <summary>The student.</summary>
    public string Student => Outcome.Student;

    /// <summary>How grading ended.</summary>
    public HandinStatus Status => Outcome.Status;

    /// <summary>Why a hand-in was refused (<see cref="HandinStatus.Refused"/>); empty for every other row.</summary>
    public string Note => Status == HandinStatus.Refused ? Outcome.Reason ?? "" : "";

    /// <summary>Automatic points earned, bonus tasks included (<see cref="Checks.Results.HandinReport.Total"/>).</summary>
    public double AutoTotal => Outcome.Total;

    /// <summary>Automatic points the checks that ran could give, bonus tasks excluded.</summary>
    public double AutoMax => Tasks.Where(t => !t.Task.Bonus).Sum(t => t.AutoMax);

    /// <summary>Manual points given so far; null while every manual item is pending (or there are none).</summary>
    public double? ManualTotal => Tasks.Any(t => t.Manual is not null) ? Tasks.Sum(t => t.Manual ?? 0) : null;

    /// <summary>The manual points of the tasks, bonus tasks excluded.</summary>
    public double ManualMax => Tasks.Where(t => !t.Task.Bonus).Sum(t => t.ManualMax);

    /// <summary>Points of manual items still to be scored (bonus tasks included).</summary>
    public double ManualPending => Tasks.Sum(t => t.ManualPending);

    /// <summary>Automatic points of checks that did not run (hidden checks in a visible-only run).</summary>
    public double NotRun => Outcome.NotRun;

    /// <summary>Automatic plus manual points so far.</summary>
    public double Total => AutoTotal + (ManualTotal ?? 0);

    /// <summary>The maximum without bonus: <see cref="AutoMax"/> plus <see cref="ManualMax"/>.</summary>
    public double Max => AutoMax + ManualMax;

    /// <summary>The row of one hand-in over <paramref name="tasks"/> (a task the report lacks gets empty cells).</summary>
    public static GradebookRow From(HandinReport outcome, ManualGrades manual, IEnumerable<TaskSpec> tasks)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(manual);
        ArgumentNullException.ThrowIfNull(tasks);
        return new GradebookRow(outcome, tasks
            .Select(t => new TaskScore(t, outcome.Find(t.Id), ManualItemResult.For(manual, outcome.Student, t)))
            .ToArray());
    }

    /// <summary>The row of one hand-in over the tasks of its own report.</summary>
    public static GradebookRow From(HandinReport outcome, ManualGrades manual)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return From(outcome, manual, outcome.Tasks.Select(t => t.Task));
    }

    /// <summary>
    /// The points of one sheet (automatic plus manual, bonus included) for an LMS; null while a manual item of the
    /// sheet is still pending, so that no partial grade is imported. A refused hand-in has 0: nothing of it can be
    /// graded, by hand or not, and an empty cell would let an import skip the student.
    /// </summary>
    public double? SheetPoints(string sheetId)
    {
        var tasks = Tasks.Where(t => t.Task.Sheet == sheetId).ToArray();
        if (tasks.Length > 0 && Status == HandinStatus.Refused)
        {
            return 0;
        }

        if (tasks.Length == 0 || tasks.Any(t => t.ManualPending > 0))
        {
            return null;
        }

        return tasks.Sum(t => (t.Auto ?? 0) + (t.Manual ?? 0));
    }
}
