namespace Grader.Checks.Results;

/// <summary>
/// The verdicts only: what grading one hand-in found (how it compiled, each task's check verdicts, how grading ended),
/// before the tutor's manual scores and the late policy join it. It has no total and no maximum: the grade, a
/// <see cref="HandinReport"/>, is made of it by <c>HandinGrade.Of</c>, and every output that prints points reads that,
/// so no output can print a total from verdicts alone.
/// </summary>
/// <param name="Student">The hand-in's name.</param>
/// <param name="Compile">How it compiled (without the assembly).</param>
/// <param name="Tasks">Every task graded, in catalog order, with its verdicts (their manual items are the grade's).</param>
/// <param name="VisibleOnly">True when only visible checks ran.</param>
/// <param name="Seed">The grader's seed.</param>
public sealed record HandinVerdicts(string Student, CompileResult Compile, IReadOnlyList<TaskResult> Tasks, bool VisibleOnly, ulong Seed)
    : GradedHandin(Student, Compile, Tasks, VisibleOnly, Seed)
{
    /// <summary>The verdicts of <paramref name="grade"/> (its manual items and late outcome left behind), to be joined again, e.g. with newer manual scores.</summary>
    public static HandinVerdicts Of(HandinReport grade)
    {
        ArgumentNullException.ThrowIfNull(grade);
        return new HandinVerdicts(grade.Student, grade.Compile, grade.Tasks, grade.VisibleOnly, grade.Seed)
        {
            Status = grade.Status,
            Reason = grade.Reason,
            ContentHash = grade.ContentHash,
            Timing = grade.Timing,
            Log = grade.Log,
        };
    }
}
