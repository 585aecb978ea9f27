using Grader.Checks.Catalog;

namespace Grader.Checks.Results;

/// <summary>A check of a task as it was run on one hand-in: its place in the catalog and what it found.</summary>
/// <param name="Spec">The check with its weight and visibility, from the catalog.</param>
/// <param name="Result">What the check found (for a timeout, a hand-in exception or a compile failure, the grader's result).</param>
/// <param name="Elapsed">Wall time of the check.</param>
public sealed record CheckVerdict(CheckSpec Spec, CheckResult Result, TimeSpan Elapsed)
{
    public bool Passed => Result.Passed;
}
