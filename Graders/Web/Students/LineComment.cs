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
    /// <summary>The most lines read above a comment (and from a file's top) to find its task: a huge file costs no more.</summary>
    public const int MaxLinesRead = 2000;

    /// <summary>
    /// Each of <paramref name="comments"/> placed on <paramref name="document"/> (null: the run keeps no hand-in) with
    /// its task among <paramref name="tasks"/>: a passage of the written report belongs to the item whose answer holds
    /// the line; a line of code to the task whose contract the nearest line above it names (the declaration
    /// <c>class X : IContract</c>; a line above every declaration: the first contract the file names), looking at most
    /// <see cref="MaxLinesRead"/> lines; else to none.
    /// </summary>
    public static IReadOnlyList<LineComment> Of(IReadOnlyList<StoredComment> comments, HandinDocument? document, IReadOnlyList<TaskSpec> tasks)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(tasks);
        // Each contract's task (the first task in the sheet's order that calls it), and one pattern for all of them.
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            foreach (var contract in task.Contracts)
            {
                owner.TryAdd(contract.Name, task.Id);
            }
        }

        var names = owner.Count == 0 ? null : new Regex($@"\b({string.Join('|', owner.Keys.Select(Regex.Escape))})\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return comments.Select(c =>
        {
            var placed = c.Place(document?.Lines(c.File));
            return new LineComment(placed, TaskOf(placed, document, tasks, names, owner));
        }).ToArray();
    }

    private static string? TaskOf(InlineComment comment, HandinDocument? document, IReadOnlyList<TaskSpec> tasks, Regex? names, Dictionary<string, string> owner)
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

        if (names is null || document.Lines(comment.File) is not { } lines)
        {
            return null;
        }

        var from = Math.Min(comment.Line, lines.Count) - 1;
        for (var i = from; i >= 0 && i > from - MaxLinesRead; i--)
        {
            if (names.Match(lines[i]) is { Success: true } above)
            {
                return owner[above.Groups[1].Value];
            }
        }

        return lines.Take(MaxLinesRead).Select(l => names.Match(l)).FirstOrDefault(m => m.Success) is { } first ? owner[first.Groups[1].Value] : null;
    }
}
