namespace Grader.Cli.Grading;

/// <summary>
/// The one function that makes a hand-in's grade: its check verdicts (a <see cref="HandinReport"/> as grading made it)
/// joined with the tutor's manual items and the late policy's outcome. <see cref="HandinRecord.ToReport"/> calls it
/// once per hand-in; every reporter, the run's and the semester's, reads what it returns.
/// </summary>
public static class HandinGrade
{
    /// <summary>
    /// <paramref name="verdicts"/> with each task's manual items from <paramref name="manual"/> (pending when not scored)
    /// and <paramref name="late"/> (none: on time, nothing applied).
    /// </summary>
    public static HandinReport Of(HandinReport verdicts, ManualGrades manual, IReadOnlyList<LateOutcome>? late = null)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(manual);
        return verdicts with
        {
            Tasks = verdicts.Tasks.Select(t => t with { Items = manual.Items(verdicts.Student, t.Task) }).ToArray(),
            Late = late?.Where(l => verdicts.Tasks.Any(t => t.Task.Sheet == l.Sheet)).ToArray() ?? [],
        };
    }
}
