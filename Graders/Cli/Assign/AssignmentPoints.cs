namespace Grader.Cli.Assign;

/// <summary>
/// An assignment's automatic points as a student sees them: what the visible checks of the self-check can give, and
/// what the hidden checks add when the tutor grades (their content stays with the tutor; their points do not).
/// </summary>
/// <param name="VisibleTasks">Graded tasks with at least one visible check: the self-check's one test each.</param>
/// <param name="VisiblePoints">Automatic points of the visible checks.</param>
/// <param name="HiddenChecks">How many hidden checks the catalog declares.</param>
/// <param name="HiddenPoints">Automatic points of the hidden checks.</param>
public sealed record AssignmentPoints(int VisibleTasks, double VisiblePoints, int HiddenChecks, double HiddenPoints)
{
    /// <summary>The points of <paramref name="assignment"/>, bonus tasks included (as the self-check counts them).</summary>
    public static AssignmentPoints Of(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var graded = assignment.Tasks.Where(t => t.Graded).ToList();
        var hidden = graded.Sum(t => t.HiddenPoints);
        return new AssignmentPoints(
            graded.Count(t => t.Checks.Any(c => c.Visibility == Visibility.Visible)),
            graded.Sum(t => t.AutoPoints) - hidden,
            graded.Sum(t => t.Checks.Count(c => c.Visibility == Visibility.Hidden)),
            hidden);
    }
}
