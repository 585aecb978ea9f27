namespace Grader.Semester;

/// <summary>
/// One manual score as the gradebook keeps it for <c>grader serve</c>: the score, who gave it and when, and its version
/// (1 for the first score of the student's item, one more for each later one). The audit list of an item is every
/// entry it had, oldest first.
/// </summary>
/// <param name="Student">The student.</param>
/// <param name="TaskId">The task's id.</param>
/// <param name="ItemId">The manual item's id within the task.</param>
/// <param name="Points">The points given.</param>
/// <param name="Comment">The tutor's comment.</param>
/// <param name="Tutor">Who gave it: a tutor's name, or the command that wrote it ("semester score", "rubric CSV"); empty for a score older than the audit list.</param>
/// <param name="Entered">When, ISO 8601 UTC.</param>
/// <param name="Version">The score's version.</param>
public sealed record ManualScoreEntry(string Student, string TaskId, string ItemId, double Points, string Comment, string Tutor, string Entered, long Version)
{
    /// <summary>An audit entry's note: why a score was replaced or given ("replaced ana's 1, confirmed"); empty when there is none.</summary>
    public string Note { get; init; } = "";

    /// <summary>The score as a grade reads it (<see cref="ManualGrades"/>): student, task, item, points and comment.</summary>
    public ManualScore Score => new(Student, TaskId, ItemId, Points, Comment);
}
