namespace Grader.Cli.Reporters;

/// <summary>
/// One manual item of a task for one student: the catalog's item and the tutor's points, or null while it is pending.
/// Every reporter reads manual points through this type, so the gradebook, the feedback and <c>results.json</c> agree.
/// </summary>
/// <param name="Item">The catalog's item (id, points, rubric).</param>
/// <param name="Points">The tutor's points (the sum when the rubric CSV gives the item twice); null while pending.</param>
/// <param name="Comment">The tutor's comments, joined; empty when none.</param>
public sealed record ManualItemResult(ManualItem Item, double? Points, string Comment)
{
    /// <summary>True while the tutor has not scored the item.</summary>
    public bool Pending => Points is null;

    /// <summary>
    /// The task's manual items for <paramref name="student"/>, in catalog order. Scores whose item id the task does not
    /// have are not counted here (<see cref="GradebookTable.IgnoredManualScores"/> lists them).
    /// </summary>
    public static IReadOnlyList<ManualItemResult> For(ManualGrades manual, string student, TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(manual);
        ArgumentNullException.ThrowIfNull(task);
        var scores = manual.For(student).Where(s => s.TaskId == task.Id).ToArray();
        return task.Manual.Select(item =>
        {
            var mine = scores.Where(s => s.ItemId == item.Id).ToArray();
            var comment = string.Join(" ", mine.Select(s => s.Comment.Trim()).Where(c => c.Length > 0));
            return new ManualItemResult(item, mine.Length == 0 ? null : mine.Sum(s => s.Points), comment);
        }).ToArray();
    }
}
