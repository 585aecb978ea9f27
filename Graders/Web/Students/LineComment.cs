using System.Text.RegularExpressions;
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
    /// <summary>
    /// Each of <paramref name="comments"/> placed on <paramref name="document"/> (null: the run keeps no hand-in) with
    /// its task among <paramref name="tasks"/>: a passage of the written report belongs to the item whose answer holds
    /// the line; a line of code to the task whose contract the nearest declaration above it implements (a line above
    /// every declaration: the first task whose contract the file names), else to none.
    /// </summary>
    public static IReadOnlyList<LineComment> Of(IReadOnlyList<StoredComment> comments, HandinDocument? document, IReadOnlyList<TaskSpec> tasks)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(tasks);
        return comments.Select(c =>
        {
            var placed = c.Place(document?.Lines(c.File));
            return new LineComment(placed, TaskOf(placed, document, tasks));
        }).ToArray();
    }

    private static string? TaskOf(InlineComment comment, HandinDocument? document, IReadOnlyList<TaskSpec> tasks)
    {
        if (document is null)
        {
            return null;
        }

        if (comment.File == InlineComment.ReportFile)
        {
            // An outdated comment keeps the line it was written on: the answer that held it then is the best guess.
            var section = document.ReportSections.FirstOrDefault(s => s.First <= comment.Line && comment.Line <= s.Last);
            return section is not null && tasks.Any(t => t.Id == section.Task) ? section.Task : null;
        }

        if (document.Lines(comment.File) is not { } lines)
        {
            return null;
        }

        // Which task's contracts each line names (a declaration "class X : IContract" names it).
        var named = tasks.Select(t => (t.Id, Pattern: t.Contracts.Count == 0 ? null : new Regex($@"\b({string.Join('|', t.Contracts.Select(c => Regex.Escape(c.Name)))})\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))).Where(t => t.Pattern is not null).ToArray();
        for (var i = Math.Min(comment.Line, lines.Count) - 1; i >= 0; i--)
        {
            if (named.FirstOrDefault(t => t.Pattern!.IsMatch(lines[i])) is { Id: { } above })
            {
                return above;
            }
        }

        return named.FirstOrDefault(t => lines.Any(t.Pattern!.IsMatch)).Id;
    }
}
