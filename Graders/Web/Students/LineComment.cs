using Grader.Semester;

namespace Grader.Web.Students;

/// <summary>
/// A tutor's comment on one line of a hand-in as the student's page shows it (issue 82): beside the line it addresses,
/// under the task it belongs to. <see cref="Task"/> is null for a line no task claims (a helper file): such comments
/// follow the tasks.
/// </summary>
/// <param name="Comment">The comment placed on the hand-in as the latest run keeps it (its line, the line's text as commented, outdated or moved).</param>
/// <param name="Task">The id of the task it belongs to, or null.</param>
public sealed record LineComment(InlineComment Comment, string? Task)
{
    /// <summary>The most lines read above a comment (and from a file's top) to find its task (<see cref="HandinDocument.MaxLinesRead"/>).</summary>
    public const int MaxLinesRead = HandinDocument.MaxLinesRead;

    /// <summary>
    /// Each of <paramref name="comments"/> placed on <paramref name="document"/> (null: the run keeps no hand-in) with
    /// its task among <paramref name="tasks"/> by <see cref="HandinDocument.Place"/>, the one rule the feedback files use too.
    /// </summary>
    public static IReadOnlyList<LineComment> Of(IReadOnlyList<StoredComment> comments, HandinDocument? document, IReadOnlyList<TaskSpec> tasks)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(tasks);
        var placed = document?.Place(comments, tasks) ?? comments.Select(c => c.Place(null)).ToArray();
        return placed.Select(c => new LineComment(c, c.Task)).ToArray();
    }
}
