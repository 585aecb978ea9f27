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
