namespace Grader.Cli.GitHub;

/// <summary>
/// What the tutor's grading workflow posts on a student's commit (GitHub's commit status): the state, a one-line
/// description with the automatic score, and the context it is filed under. It carries totals only: never a hidden
/// check's name, message, input or expected value.
/// </summary>
/// <param name="State">"success" (no automatic point lost), "failure" (points lost, or the hand-in did not compile, timed out or crashed).</param>
/// <param name="Description">At most <see cref="MaxDescription"/> characters.</param>
/// <param name="Context">The status's name on the commit, e.g. "grader / sheet 004".</param>
public sealed record CommitStatus(string State, string Description, string Context)
{
    /// <summary>GitHub's limit on a status description.</summary>
    public const int MaxDescription = 140;

    /// <summary>The request body GitHub's API takes (<c>state</c>, <c>description</c>, <c>context</c>), as posted and as <c>--status-file</c> writes it.</summary>
    public object Body() => new { state = State, description = Description, context = Context };

    /// <summary>The status of one graded hand-in.</summary>
    public static CommitStatus For(HandinReport report, string assignment)
    {
        ArgumentNullException.ThrowIfNull(report);
        bool lost = report.AutoTotal < report.Possible - 1e-9;
        string ended = report.Status switch
        {
            HandinStatus.CompileFailed => "did not compile; ",
            HandinStatus.TimedOut => "timed out; ",
            HandinStatus.Crashed => "crashed; ",
            _ => "",
        };
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{ended}{PointsText.Shown(report.AutoTotal)} of {PointsText.Shown(report.Possible)} automatic points (hidden checks included)");
        if (description.Length > MaxDescription)
        {
            description = description[..(MaxDescription - 1)] + "…";
        }

        return new CommitStatus(lost || !report.Finished ? "failure" : "success", description, $"grader / sheet {assignment}");
    }
}
