namespace Grader.Checks.Results;

/// <summary>
/// One check's verdict on one hand-in, the one record from where the check ran to every file: the task it was run for,
/// what the check found, how long it took and the CPU time the hand-in used meanwhile. The grading makes it once, where
/// the check runs (in this process, or beside the hand-in's host); the tutor's record (<c>records/&lt;student&gt;.json</c>)
/// stores it as it is, and <see cref="TaskResult"/> joins it to the catalog for its points and visibility.
/// </summary>
/// <param name="TaskId">The task it was run for (a check shared by two tasks has a verdict in each).</param>
/// <param name="Result">What the check found (for a timeout, a hand-in exception or a compile failure, the grader's result).</param>
/// <param name="Elapsed">Wall time of the check, in the grader.</param>
/// <param name="HandinCpuSeconds">
/// CPU time the hand-in's host used during the check; null where it was not measured (in-process grading, a check
/// failed without a run, records written before it was).
/// </param>
public sealed record CheckVerdict(string TaskId, CheckResult Result, TimeSpan Elapsed, double? HandinCpuSeconds = null)
{
    /// <summary>The check's id (<see cref="CheckResult.Id"/>).</summary>
    public string CheckId => Result.Id;

    public bool Passed => Result.Passed;
}
