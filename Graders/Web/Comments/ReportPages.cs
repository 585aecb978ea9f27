using Grader.Grading.Reports;
using Grader.Semester;

namespace Grader.Web.Comments;

/// <summary>
/// A written report's PDF pages on the tutors' code page (issue 82): each item's pages under its heading, beside the
/// item's lines of report.md when it has any, and the report's problems (a broken, huge or too long PDF: one sentence
/// each, as the run's intake wrote them) above the report. The pages are the run's images (<see cref="ReportPdf"/>:
/// rendered by the grading run in the hand-ins' sandbox with a page, size and time limit), served by the tutors' page
/// route; the server runs no PDF program. A report of Markdown only shows as before.
/// </summary>
public static class ReportPages
{
    /// <summary>
    /// <paramref name="sections"/> (report.md's items, or the report's lines as one section) followed by a heading of its
    /// own for every item the report answers with pages only (no lines of report.md), in the report's order.
    /// </summary>
    public static IReadOnlyList<HandinDocument.ReportSection> Sections(IReadOnlyList<HandinDocument.ReportSection> sections, WrittenReport report)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(report);
        var paged = report.Answers
            .Where(a => a.Pages.Count > 0 && !sections.Any(s => s.Task == a.Task && s.Item == a.Item))
            .Select(a => new HandinDocument.ReportSection(a.Task, a.Item, 1, 0))
            .ToArray();
        return paged.Length == 0 ? sections : [.. sections, .. paged];
    }

    /// <summary>
    /// The report's name as the student handed it in, for the review's heading and file list: "Report/report.md" for a
    /// Markdown report (and without <paramref name="report"/>), "Report/report.pdf" for a PDF-only one, "Report/report.md
    /// and report.pdf" for both; only the Markdown and PDF files count (a page map is neither).
    /// </summary>
    public static string Title(WrittenReport? report)
    {
        var shown = report?.Files.Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)).ToArray() ?? [];
        return shown.Length == 0 ? InlineComment.ReportFile : $"Report/{string.Join(" and ", shown)}";
    }

    /// <summary>The row of <paramref name="section"/>'s pages (after its heading's row), or "" when the item has none.</summary>
    public static string Row(string sheet, string pseudonym, WrittenReport report, HandinDocument.ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(section);
        if (report.Find(section.Task, section.Item) is not { Pages.Count: > 0 } answer)
        {
            return "";
        }

        // Only the run's own page images of this report (reports/<student>/pages/page-N.png, as the intake names them): any
        // other path is not linked (the page route would refuse it too).
        var own = $"{WrittenReportStore.ReportsFolder}/{report.Student}/{ReportIntake.PagesFolder}/";
        var numbering = DeskHandinFiles.Pages(report).ToList();
        var row = new StringBuilder("<tr class=\"pages\"><td></td><td><div class=\"report-pages\">");
        var shown = 0;
        foreach (var page in answer.Pages)
        {
            if (!page.StartsWith(own, StringComparison.Ordinal) || PageNumber(page) is not { } number || page != $"{own}page-{number.ToString(CultureInfo.InvariantCulture)}.png")
            {
                continue;
            }

            var index = numbering.IndexOf(page);
            shown++;
            row.Append(CultureInfo.InvariantCulture,
                $"<figure><img class=\"page\" src=\"/sheet/{Uri.EscapeDataString(sheet)}/student/{Uri.EscapeDataString(pseudonym)}/page/{index}\" alt=\"page {number} of report.pdf\" loading=\"lazy\"><figcaption>report.pdf, page {number}</figcaption></figure>");
        }

        return shown == 0 ? "" : row.Append("</div></td></tr>\n").ToString();
    }

    /// <summary>The report's problems as the run's intake said them (a PDF not shown or shown in part), or "" when it has none.</summary>
    public static string Problems(WrittenReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Problems.Count == 0
            ? ""
            : $"<div class=\"report-problems\" role=\"note\"><p>What the grading run could not take in of this report:</p><ul>{string.Concat(report.Problems.Select(p => $"<li class=\"problem\">{Html.Escape(p)}</li>"))}</ul></div>\n";
    }

    /// <summary>N of an image named "page-N.png" (<see cref="ReportPdf"/>'s names), else null.</summary>
    private static int? PageNumber(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.StartsWith("page-", StringComparison.Ordinal) && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
