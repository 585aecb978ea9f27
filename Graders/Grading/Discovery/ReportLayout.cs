using Grader.Grading.Discovery;

namespace Grader.Grading.Discovery;

/// <summary>
/// The written report's place and shape in a hand-in: the folder <see cref="Folder"/> beside the code (in a student
/// repository beside <c>Handin/</c>, in a folder or zip hand-in at its top), holding <see cref="MarkdownFile"/>,
/// <see cref="PdfFile"/> and <see cref="PageMapFile"/>. Every manual item is named by its key
/// <c>&lt;task&gt;#&lt;item&gt;</c> (<see cref="Key"/>): in the Markdown's headings, on the PDF's pages, in the page
/// map. <c>grader assign</c> writes the skeletons (<see cref="MarkdownSkeleton"/>, <see cref="PageMapSkeleton"/>);
/// the grading run reads them back (<see cref="MarkdownSections"/>, <see cref="PageMap"/>).
/// </summary>
public static class ReportLayout
{
    /// <summary>The report's folder in a hand-in.</summary>
    public const string Folder = "Report";

    /// <summary>The report in Markdown.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>The report as a PDF (typeset or scanned).</summary>
    public const string PdfFile = "report.pdf";

    /// <summary>The page map: which PDF pages answer which item.</summary>
    public const string PageMapFile = "pages.txt";

    /// <summary>What the skeleton puts under each heading; a section that still holds only this is no answer.</summary>
    public const string Placeholder = "_Your answer._";

    /// <summary>The plain text of <see cref="Placeholder"/>.</summary>
    public const string PlaceholderText = "Your answer.";

    /// <summary>The files of <see cref="Folder"/> that are read; anything else there is listed as not read.</summary>
    public static IReadOnlyList<string> Files { get; } = [MarkdownFile, PdfFile, PageMapFile];

    /// <summary>The key that names a manual item in a report: "002/p2a/standard-log-normal#derivation".</summary>
    public static string Key(string task, string item) => $"{task}#{item}";

    /// <summary>The manual items of <paramref name="assignment"/>, in catalog order, with their tasks.</summary>
    public static IReadOnlyList<(TaskSpec Task, ManualItem Item)> Items(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return assignment.Tasks.SelectMany(t => t.Manual.Select(m => (t, m))).ToArray();
    }

    /// <summary>
    /// <c>Report/report.md</c> as <c>grader assign</c> writes it: how to hand in the report, then one level-2 heading per
    /// manual item (its key, points and the task's title), each followed by a line to replace with the answer.
    /// </summary>
    public static string MarkdownSkeleton(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var limits = DiscoveryLimits.Default;
        var items = Items(assignment);
        var example = items.Count > 0 ? Key(items[0].Task.Id, items[0].Item.Id) : Key("task", "item");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Written report, sheet {assignment.Id}: {HeadingText(assignment.Sheet.Title)}\n\n");
        text.Append(
            $"""
            The answers your tutor grades by hand (derivations, explanations, plots, the numbers you got) go here, under the
            heading of each item below. Keep the headings as they are: the grader finds your answer to an item by the key
            at the start of its heading (`task#item`). Everything under a heading, up to the next one, is your answer.
            Raw HTML is shown as text and images are not shown: put figures into the PDF.

            Instead of this file, or beside it, you may hand in `{Folder}/{PdfFile}` (typeset with LaTeX, or scanned
            handwritten notes). Then tell the grader which pages answer which item, either way:
            - write the item's key (e.g. `{example}`) on each page that answers it (typeset, so the text can be found), or
            - fill in `{Folder}/{PageMapFile}`: one line per item, `task#item: pages` (e.g. `1-2` or `3,5`).
            Without either, your tutor sees every page for every item. Limits: `{MarkdownFile}` at most {ByteSize.Format(limits.MaxReportMarkdownBytes)},
            `{PdfFile}` at most {ByteSize.Format(limits.MaxReportPdfBytes)} and {limits.MaxReportPages} pages.

            """);
        foreach (var (task, item) in items)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {Key(task.Id, item.Id)} ({TextReport.Points(item.Points)}): {HeadingText(task.Title)}\n\n");
            text.Append(Placeholder).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// A title as the sheet writes it, for a skeleton's heading: the student reads and edits the file in a text editor,
    /// so nothing is escaped (a title follows the item's key, so what Markdown makes of it cannot hide the key); only
    /// control characters go and lines are joined, which would end the heading.
    /// </summary>
    private static string HeadingText(string title) => Markdown.Clean(title).ReplaceLineEndings(" ").Trim();

    /// <summary><c>Report/pages.txt</c> as <c>grader assign</c> writes it: every item's key with no pages yet, comments explaining the format.</summary>
    public static string PageMapSkeleton(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var text = new StringBuilder();
        text.Append($"# Which pages of {PdfFile} answer which item: after the colon, page numbers (1-2, 3,5). Lines starting with # are ignored.\n");
        text.Append("# Leave a line empty after the colon when the item is not in the PDF. Not needed when you hand in no PDF.\n");
        foreach (var (task, item) in Items(assignment))
        {
            text.Append(Key(task.Id, item.Id)).Append(":\n");
        }

        return text.ToString();
    }
}
