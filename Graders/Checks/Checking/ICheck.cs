namespace Grader.Checks.Checking;

/// <summary>
/// One claim about a hand-in, named for the claim (e.g. <c>NegativeElboMatchesReference</c>). A check returns a
/// record and never prints; it never sees points. Anything the hand-in does wrong — throwing, NaN, a wrong shape —
/// becomes a failed result with that reason, never an exception out of <see cref="Run"/>.
/// </summary>
public interface ICheck
{
    /// <summary>Stable id, e.g. "diffusion.dtu.negative-elbo-matches-reference".</summary>
    string Id { get; }

    /// <summary>
    /// Where a student should re-read when this check fails: the part and the equation. A check of a part several sheets
    /// pose alike (Heidelberg exercise 1, sheets 000 and 001) leaves the sheet out ("ex. 1 (a): …"); the grader cites it
    /// under the sheet of the task it grades (<see cref="SheetCitation"/>). A check of one sheet may name it.
    /// </summary>
    string SheetRef { get; }

    CheckResult Run(CheckContext context);
}
