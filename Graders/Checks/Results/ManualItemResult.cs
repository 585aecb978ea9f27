using Grader.Checks.Catalog;

namespace Grader.Checks.Results;

/// <summary>
/// One manual item of a task for one student: the catalog's item and the tutor's points, or null while it is pending.
/// It is part of the task's <see cref="TaskResult.Items"/>, so every reporter reads manual points from the report.
/// </summary>
/// <param name="Item">The catalog's item (id, points, rubric).</param>
/// <param name="Points">The tutor's points (the sum when the rubric CSV gives the item twice); null while pending.</param>
/// <param name="Comment">The tutor's comments, joined; empty when none.</param>
public sealed record ManualItemResult(ManualItem Item, double? Points, string Comment)
{
    /// <summary>True while the tutor has not scored the item.</summary>
    public bool Pending => Points is null;

    /// <summary>Every manual item of <paramref name="task"/>, pending (what a report has before the tutor's scores join it).</summary>
    public static IReadOnlyList<ManualItemResult> AllPending(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Manual.Select(i => new ManualItemResult(i, null, "")).ToArray();
    }
}
