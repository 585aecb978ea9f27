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
{
    private readonly HandinStatus? _status;

    /// <summary>How grading ended (default: graded, or compile-failed when it did not compile).</summary>
    public HandinStatus Status
    {
        get => _status ?? (Compile.Success ? HandinStatus.Graded : HandinStatus.CompileFailed);
        init => _status = value;
    }

    /// <summary>Why, in a tutor's words, when grading did not end normally or the hand-in was refused; else null.</summary>
    public string? Reason { get; init; }

    /// <summary>SHA-256 of the hand-in's sources.</summary>
    public string ContentHash { get; init; } = "";

    /// <summary>Where the time went.</summary>
    public HandinTiming Timing { get; init; } = HandinTiming.None;

    /// <summary>The last lines the hand-in and its worker wrote (for the tutor only).</summary>
    public string Log { get; init; } = "";

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
