namespace Grader.Checks.Results;

/// <summary>
/// Everything grading one hand-in found, the one shape from the checks to the reporters: how it compiled, a
/// <see cref="TaskResult"/> for every task graded (fail-closed: a check that did not report is a failed check whose
/// message says why), how grading ended and where the time went. A compile failure still gives a complete report
/// (every check failed, with the errors). It is the hand-in's whole grade: each task carries its manual items
/// (<see cref="TaskResult.Items"/>) and <see cref="Late"/> the late policy's outcome per sheet, so the automatic, manual,
/// late-adjusted and total points are computed here, once (<see cref="Total"/>, rounded by <see cref="PointsText.Round"/>), and every
/// output prints the same numbers. Reporters read them and never re-run anything.
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
    : GradedHandin(Student, Compile, Tasks, VisibleOnly, Seed)
{
    /// <summary>True when grading ended normally (graded, or it did not compile).</summary>
    public bool Finished => Status is HandinStatus.Graded or HandinStatus.CompileFailed;

    /// <summary>What the late policy made of the hand-in, one outcome per sheet (empty: on time, nothing applied).</summary>
    public IReadOnlyList<LateOutcome> Late { get; init; } = [];

    /// <summary>The tutors' comments on lines of the hand-in's code and report, placed on it as it is now (<see cref="InlineComment"/>), in file and line order.</summary>
    public IReadOnlyList<InlineComment> Comments { get; init; } = [];

    /// <summary>Why a refused hand-in (<see cref="HandinStatus.Refused"/>) was refused; empty for every other one.</summary>
    public string Note => Status == HandinStatus.Refused ? Reason ?? "" : "";

    /// <summary>Automatic points earned, bonus tasks included.</summary>
    public double AutoTotal => Tasks.Sum(t => t.Score);

    /// <summary>Automatic points the checks that ran could give, bonus tasks excluded.</summary>
    public double Possible => Tasks.Where(t => !t.Task.Bonus).Sum(t => t.MaxAuto);

    /// <summary>Automatic points of bonus tasks the checks that ran could give.</summary>
    public double BonusPossible => Tasks.Where(t => t.Task.Bonus).Sum(t => t.MaxAuto);

    /// <summary>Automatic points of checks that did not run (hidden checks in a visible-only run).</summary>
    public double NotRun => Tasks.Sum(t => t.NotRun);

    /// <summary>Manual points given so far; null while every manual item is pending (or there are none).</summary>
    public double? ManualTotal => Tasks.Any(t => t.Manual is not null) ? Tasks.Sum(t => t.Manual ?? 0) : null;

    /// <summary>The manual points of the tasks, bonus tasks excluded.</summary>
    public double ManualMax => Tasks.Where(t => !t.Task.Bonus).Sum(t => t.ManualMax);

    /// <summary>Points a tutor still grades by hand (manual items not scored yet, bonus tasks included).</summary>
    public double ManualPending => Tasks.Sum(t => t.ManualPending);

    /// <summary>The maximum without bonus: <see cref="Possible"/> plus <see cref="ManualMax"/>.</summary>
    public double Max => Possible + ManualMax;

    /// <summary>Automatic plus manual points, before the late policy, rounded.</summary>
    public double BeforeLate => PointsText.Round(AutoTotal + (ManualTotal ?? 0));

    /// <summary>
    /// The grade: automatic plus manual points, each sheet's multiplied by its late factor, rounded once
    /// (<see cref="PointsText.Round"/>). Every output prints this number.
    /// </summary>
    public double Total => PointsText.Round(Tasks.Sum(t => (t.Total ?? 0) * LateFactor(t.Task.Sheet)));

    /// <summary>Points the late policy took: <see cref="BeforeLate"/> minus <see cref="Total"/> (0 when on time).</summary>
    public double LatePenalty => PointsText.Round(BeforeLate - Total);

    /// <summary>What a sheet's points are multiplied by (1 when on time or no late policy applied).</summary>
    public double LateFactor(string sheetId) => Late.FirstOrDefault(l => l.Sheet == sheetId)?.Factor ?? 1;

    /// <summary>
    /// The points of one sheet (automatic plus manual, bonus included, after the late policy) for an LMS; null while a
    /// manual item of the sheet is still pending, so that no partial grade is imported. A refused hand-in is never empty:
    /// its automatic points are 0 and its manual items what the tutor scored (0 while pending), since an empty cell would
    /// let an import skip the student.
    /// </summary>
    public double? SheetPoints(string sheetId)
    {
        var tasks = Tasks.Where(t => t.Task.Sheet == sheetId).ToArray();
        if (tasks.Length == 0 || (Status != HandinStatus.Refused && tasks.Any(t => t.ManualPending > 0)))
        {
            return null;
        }

        return PointsText.Round(tasks.Sum(t => t.Total ?? 0) * LateFactor(sheetId));
    }

    /// <summary>The result of one task, or null.</summary>
    public TaskResult? Find(string taskId) => Tasks.FirstOrDefault(t => t.Task.Id == taskId);
}
