namespace Grader.Cli.Semester;

/// <summary>One student's points on one sheet of the semester, from the sheet's latest recorded run and the tutor's manual scores.</summary>
/// <param name="Sheet">The sheet id.</param>
/// <param name="HandedIn">False when no recorded run of the sheet graded the student (0 points).</param>
/// <param name="Auto">Automatic points of the latest run.</param>
/// <param name="Manual">Manual points the tutor entered for the sheet's tasks.</param>
/// <param name="ManualPending">True while a manual item of the sheet has no score for the student.</param>
/// <param name="Late">What the late policy made of the hand-in.</param>
/// <param name="Max">The sheet's maximum (bonus excluded).</param>
public sealed record SheetTotal(string Sheet, bool HandedIn, double Auto, double Manual, bool ManualPending, LateOutcome Late, double Max)
{
    /// <summary>Points before the late policy.</summary>
    public double Before => Auto + Manual;

    /// <summary>Points after the late policy.</summary>
    public double After => Before * Late.Factor;
}
