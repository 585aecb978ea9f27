namespace Grader.Checks.Results;

/// <summary>
/// Everything grading one hand-in found: how it compiled and a <see cref="TaskResult"/> for every task of the graded
/// sheets. A compile failure still gives a complete report (every check failed, with the errors). Totals are computed.
/// </summary>
/// <param name="Handin">The hand-in's name (its folder's name).</param>
/// <param name="Compile">How it compiled (without the assembly: a report never holds the hand-in's code).</param>
/// <param name="Tasks">Every task of the graded sheets, in catalog order, including those without checks.</param>
/// <param name="VisibleOnly">True when only visible checks ran (the student's self-check).</param>
/// <param name="Seed">The grader's seed; each check's seed is derived from it and the check's id.</param>
public sealed record HandinReport(
    string Handin,
    CompileResult Compile,
    IReadOnlyList<TaskResult> Tasks,
    bool VisibleOnly,
    ulong Seed)
{
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
