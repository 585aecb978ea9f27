namespace Grader.Grading.Reports;

/// <summary>
/// A student's written answer to one manual item, as the tutor sees it: the report's section for the item (its text,
/// and its HTML rendered without raw HTML) and the PDF pages the student mapped to it.
/// </summary>
/// <param name="Task">The task's id, e.g. "002/p2a/standard-log-normal".</param>
/// <param name="Item">The manual item's id within the task, e.g. "derivation".</param>
/// <param name="Text">The section's plain text (what answer groups compare); empty when the report has no section for the item.</param>
/// <param name="Html">The section rendered to safe HTML (no raw HTML, no script, no external resource); null when there is no section.</param>
/// <param name="Pages">The page images for the item, as paths relative to the run's output folder (e.g. "reports/alice/pages/page-2.png"); empty when none.</param>
public sealed record ReportAnswer(string Task, string Item, string Text, string? Html, IReadOnlyList<string> Pages)
{
    /// <summary>The section's Markdown as written in report.md (without its heading); null when there is none or in a report taken in before it was kept.</summary>
    public string? Source { get; init; }

    /// <summary>The line of report.md <see cref="Source"/> starts on (1-based, the student's own numbering); null with <see cref="Source"/>.</summary>
    public int? Line { get; init; }
}
