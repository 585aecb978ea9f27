namespace Grader.Checks.Results;

/// <summary>
/// Everything grading one hand-in found, the one shape from the checks to the reporters: how it compiled, a
/// <see cref="TaskResult"/> for every task graded (fail-closed: a check that did not report is a failed check whose
/// message says why), how grading ended and where the time went. A compile failure still gives a complete report
/// (every check failed, with the errors). Totals are computed; reporters read them and never re-run anything.
/// </summary>
/// <param name="Student">The hand-in's name: its folder's or zip's name, the student's.</param>
/// <param name="Compile">How it compiled (without the assembly: a report never holds the hand-in's code).</param>
/// <param name="Tasks">Every task graded, in catalog order, including those without checks.</param>
/// <param name="VisibleOnly">True when only visible checks ran (the student's self-check).</param>
/// <param name="Seed">The grader's seed; each check's seed is derived from it and the check's id.</param>
public sealed record HandinReport(
    string Student,
    CompileResult Compile,
    IReadOnlyList<TaskResult> Tasks,
    bool VisibleOnly,
    ulong Seed)
{
    private readonly HandinStatus? _status;

    /// <summary>How grading ended (default: graded, or compile-failed when it did not compile).</summary>
    public HandinStatus Status
    {
        get => _status ?? (Compile.Success ? HandinStatus.Graded : HandinStatus.CompileFailed);
        init => _status = value;
    }

    /// <summary>Why, in a tutor's words, when grading did not end normally (a timeout, a crash); else null.</summary>
    public string? Reason { get; init; }

    /// <summary>SHA-256 of the hand-in's sources (paths and texts); a resumed run skips an unchanged hand-in.</summary>
    public string ContentHash { get; init; } = "";

    /// <summary>Where the time went.</summary>
    public HandinTiming Timing { get; init; } = HandinTiming.None;

    /// <summary>The last lines the hand-in and its worker wrote to stdout/stderr (for the tutor only; may be empty).</summary>
    public string Log { get; init; } = "";

    /// <summary>True when grading ended normally (graded, or it did not compile).</summary>
    public bool Finished => Status is HandinStatus.Graded or HandinStatus.CompileFailed;

    /// <summary>Automatic points earned, bonus tasks included.</summary>
    public double Total => Tasks.Sum(t => t.Score);

    /// <summary>Automatic points the checks that ran could give, bonus tasks excluded.</summary>
    public double Possible => Tasks.Where(t => !t.Task.Bonus).Sum(t => t.MaxAuto);

    /// <summary>Automatic points of bonus tasks the checks that ran could give.</summary>
    public double BonusPossible => Tasks.Where(t => t.Task.Bonus).Sum(t => t.MaxAuto);

    /// <summary>Automatic points of checks that did not run (hidden checks in a visible-only run).</summary>
    public double NotRun => Tasks.Sum(t => t.NotRun);

    /// <summary>Points a tutor still grades by hand.</summary>
    public double ManualPending => Tasks.Sum(t => t.ManualPending);

    /// <summary>The result of one task, or null.</summary>
    public TaskResult? Find(string taskId) => Tasks.FirstOrDefault(t => t.Task.Id == taskId);
}
