namespace Grader.Checks.Results;

/// <summary>
/// What the verdicts of one hand-in (<see cref="HandinVerdicts"/>) and its grade (<see cref="HandinReport"/>) both say
/// about how grading it went: the hand-in, how it compiled, its tasks, the run's seed, how grading ended, why, the hash of
/// its sources, where the time went and the last lines it wrote.
/// </summary>
/// <param name="Student">The hand-in's name: its folder's or zip's name, the student's.</param>
/// <param name="Compile">How it compiled (without the assembly: a report never holds the hand-in's code).</param>
/// <param name="Tasks">Every task graded, in catalog order, including those without checks.</param>
/// <param name="VisibleOnly">True when only visible checks ran (the student's self-check).</param>
/// <param name="Seed">The grader's seed; each check's seed is derived from it and the check's id.</param>
public abstract record GradedHandin(string Student, CompileResult Compile, IReadOnlyList<TaskResult> Tasks, bool VisibleOnly, ulong Seed)
{
    private readonly HandinStatus? _status;

    /// <summary>How grading ended (default: graded, or compile-failed when it did not compile).</summary>
    public HandinStatus Status
    {
        get => _status ?? (Compile.Success ? HandinStatus.Graded : HandinStatus.CompileFailed);
        init => _status = value;
    }

    /// <summary>Why, in a tutor's words, when grading did not end normally (a timeout, a crash) or the hand-in was refused; else null.</summary>
    public string? Reason { get; init; }

    /// <summary>SHA-256 of the hand-in's sources (paths and texts); a resumed run skips an unchanged hand-in.</summary>
    public string ContentHash { get; init; } = "";

    /// <summary>Where the time went.</summary>
    public HandinTiming Timing { get; init; } = HandinTiming.None;

    /// <summary>The last lines the hand-in and its worker wrote to stdout/stderr (for the tutor only; may be empty).</summary>
    public string Log { get; init; } = "";
}
