namespace Grader.Grading.Reporters;

/// <summary>One student's row of the LMS file.</summary>
/// <param name="Student">The student, as the hand-in is named.</param>
/// <param name="Points">A sheet's points; null leaves the cell empty (nothing to import yet).</param>
/// <param name="Note">The grader's note on the row (a refused hand-in), or null.</param>
public sealed record LmsRow(string Student, Func<string, double?> Points, string? Note)
{
    /// <summary>The student's tutorial, Canvas's <c>Section</c>; empty when the course has none.</summary>
    public string Section { get; init; } = "";
}
