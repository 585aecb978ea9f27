namespace Grader.Checks.Results;

/// <summary>
/// How a check ended. <see cref="Errored"/> is a failure of the grading itself (a grader defect, a property whose
/// generator was exhausted) or of the hand-in's code (it threw, returned the wrong shape, NaN); it scores 0 like
/// <see cref="Failed"/>, and the message says which.
/// </summary>
public enum CheckOutcome
{
    Passed,
    Failed,
    Errored,
}
