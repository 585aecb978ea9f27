namespace Grader.Grading;

/// <summary>
/// The one function that makes a hand-in's grade: its check verdicts (<see cref="HandinVerdicts"/>, which have no total)
/// joined with the tutor's manual items and the late policy's outcome. <see cref="HandinRecord.ToReport"/> calls it once
/// per graded hand-in, <see cref="RefusedHandin.Reports"/> once per refused one; every reporter, the run's and the
/// semester's, reads what it returns.
/// </summary>
public static class HandinGrade
{
    /// <summary>
    /// The grade of <paramref name="verdicts"/>: each task's manual items from <paramref name="manual"/> (pending when not
    /// scored) and <paramref name="late"/> (none: on time, nothing applied).
    /// </summary>
    public static HandinReport Of(HandinVerdicts verdicts, ManualGrades manual, IReadOnlyList<LateOutcome>? late = null)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(manual);
        return new HandinReport(verdicts.Student, verdicts.Compile, verdicts.Tasks.Select(t => t with { Items = manual.Items(verdicts.Student, t.Task) }).ToArray(), verdicts.VisibleOnly, verdicts.Seed)
        {
            Status = verdicts.Status,
            Reason = verdicts.Reason,
            ContentHash = verdicts.ContentHash,
            Timing = verdicts.Timing,
            Log = verdicts.Log,
            Late = late?.Where(l => verdicts.Tasks.Any(t => t.Task.Sheet == l.Sheet)).ToArray() ?? [],
        };
    }
}
