using Grader.Checks.Results;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// What a check on unseen inputs tells the student. A pass says only that the hand-in matched the reference on this
/// run's inputs (the visible check's message would name the drawn T, batch and steps, which the next cohort could
/// target); a failure keeps the comparison's message, whose counterexample is one draw of this run, which the student
/// needs to find the bug.
/// </summary>
public static class UnseenResult
{
    public static CheckResult Conceal(CheckResult result, string what) =>
        result.Passed
            ? result with { Message = $"{what} matches the reference on inputs drawn for this grading run (not the self-check's), within the float32 tolerance." }
            : result;
}
