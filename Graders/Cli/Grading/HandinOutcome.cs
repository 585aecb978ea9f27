using Grader.Checks.Results;

namespace Grader.Cli.Grading;

/// <summary>
/// One hand-in of a grading run: whose it is, how grading ended, and the complete report (fail-closed: a check that
/// did not report is a failed check whose message says why). This is what reporters read; they never re-run anything.
/// </summary>
/// <param name="Student">The student: the hand-in folder's or zip's name.</param>
/// <param name="Status">How grading ended.</param>
/// <param name="Reason">Why, in a tutor's words, when <paramref name="Status"/> is not <see cref="HandinStatus.Graded"/>; else null.</param>
/// <param name="Report">A task for every task of the graded sheets and a verdict for every check that was due.</param>
/// <param name="ContentHash">SHA-256 of the hand-in's sources (paths and texts); a resumed run skips an unchanged hand-in.</param>
/// <param name="Timing">Where the time went.</param>
/// <param name="Log">The last lines the hand-in and its worker wrote to stdout/stderr (for the tutor only; may be empty).</param>
public sealed record HandinOutcome(
    string Student,
    HandinStatus Status,
    string? Reason,
    HandinReport Report,
    string ContentHash,
    HandinTiming Timing,
    string Log = "")
{
    public bool Finished => Status is HandinStatus.Graded or HandinStatus.CompileFailed;
}
