using System.Text.RegularExpressions;
using Grader.Grading.Reports;

namespace Grader.Semester;

/// <summary>
/// A hand-in as the tutors' code page shows it and inline comments anchor to it: each <c>.cs</c> file the run graded
/// (<see cref="HandinCodeStore"/>) and the written report (<see cref="InlineComment.ReportFile"/>: every answer's text,
/// one item after another, as the grading page shows the answers), each split into numbered lines. Read from the run's
/// folder, capped; a run without kept code has no code files.
/// </summary>
public sealed class HandinDocument
{
    private readonly Dictionary<string, IReadOnlyList<string>> _files;

    private HandinDocument(Dictionary<string, IReadOnlyList<string>> files, IReadOnlyList<ReportSection> report)
    {
        _files = files;
        ReportSections = report;
    }

    /// <summary>
    /// Where each answer stands in <see cref="InlineComment.ReportFile"/>: its task and item and its first and last line
    /// as the student's <c>report.md</c> numbers them (the lines between answers are empty here). For a report taken in
    /// before answers kept their Markdown, the lines are the answers' text one after another, numbered from 1, each
    /// answer's a section (so the page still shows it under its item).
    /// </summary>
    public IReadOnlyList<ReportSection> ReportSections { get; }

    /// <summary>One answer's lines in the report file.</summary>
    /// <param name="Task">The task's id.</param>
    /// <param name="Item">The manual item's id.</param>
    /// <param name="First">Its first line (1-based, report.md's own number).</param>
    /// <param name="Last">Its last line.</param>
    public sealed record ReportSection(string Task, string Item, int First, int Last);

    /// <summary>The files in the order the page shows them: the code in ordinal order of its paths, then the report.</summary>
    public IReadOnlyList<string> Files => _files.Keys.ToArray();

    /// <summary>The lines of <paramref name="file"/>, or null when the hand-in has no such file.</summary>
    public IReadOnlyList<string>? Lines(string file) => _files.GetValueOrDefault(file);

    /// <summary>The most lines read above a comment (and from a file's top) to find its task: a huge file costs no more.</summary>
    public const int MaxLinesRead = 2000;

    /// <summary>
    /// Each of <paramref name="comments"/> placed on this document (<see cref="StoredComment.Place"/>) with its task among
    /// <paramref name="tasks"/> (<see cref="InlineComment.Task"/>; issue 82: the student's page and its feedback files show
    /// it under that task): a passage of the written report belongs to the item whose answer holds the line; a line of
    /// code to the task whose contract the nearest line above it names (the declaration <c>class X : IContract</c>; a line
    /// above every declaration: the first contract the file names), looking at most <see cref="MaxLinesRead"/> lines;
    /// else to none (a helper file's line: such comments follow the tasks).
    /// </summary>
    public IReadOnlyList<InlineComment> Place(IReadOnlyList<StoredComment> comments, IReadOnlyList<TaskSpec> tasks)
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
            var placed = c.Place(Lines(c.File));
            return placed with { Task = TaskOf(placed, tasks, names, owner) };
        }).ToArray();
    }

    private string? TaskOf(InlineComment comment, IReadOnlyList<TaskSpec> tasks, Regex? names, Dictionary<string, string> owner)
    {
        if (comment.File == InlineComment.ReportFile)
        {
            // An outdated comment keeps the line it was written on: the answer that held it then is the best guess.
            var section = ReportSections.FirstOrDefault(s => s.First <= comment.Line && comment.Line <= s.Last);
            return section is not null && tasks.Any(t => t.Id == section.Task) ? section.Task : null;
        }

        if (names is null || Lines(comment.File) is not { } lines)
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

    /// <summary><paramref name="handin"/>'s document in the run folder <paramref name="folder"/>.</summary>
    public static HandinDocument Of(string folder, string handin)
    {
        var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var file in (new HandinCodeStore(folder).Load(handin) ?? []).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            files.TryAdd(file.Path, InlineComment.Lines(file.Text));
        }

        var sections = new List<ReportSection>();
        if (new WrittenReportStore(folder).Load(handin) is { HandedIn: true } report)
        {
            var kept = report.Answers.Where(a => a is { Source: not null, Line: > 0 }).ToArray();
            if (kept.Length == 0)
            {
                // An older report (answers without their Markdown): the answers' text one after another, each under its item.
                var lines = new List<string>();
                foreach (var answer in report.Answers)
                {
                    var text = InlineComment.Lines(answer.Text);
                    lines.AddRange(text);
                    if (text.Count > 0)
                    {
                        sections.Add(new ReportSection(answer.Task, answer.Item, lines.Count - text.Count + 1, lines.Count));
                    }
                }

                files[InlineComment.ReportFile] = lines.ToArray();
            }
            else
            {
                // report.md's own numbering: each answer's Markdown on the lines it has there.
                var lines = new List<string>();
                foreach (var answer in kept.OrderBy(a => a.Line))
                {
                    var first = answer.Line!.Value;
                    var text = InlineComment.Lines(answer.Source!);
                    if (first <= lines.Count || text.Count == 0)
                    {
                        continue; // overlapping or empty: not from one report.md
                    }

                    lines.AddRange(Enumerable.Repeat("", first - 1 - lines.Count));
                    lines.AddRange(text);
                    sections.Add(new ReportSection(answer.Task, answer.Item, first, lines.Count));
                }

                files[InlineComment.ReportFile] = lines.ToArray();
            }
        }

        return new HandinDocument(files, sections);
    }
}
