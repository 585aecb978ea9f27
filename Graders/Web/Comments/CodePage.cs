using Grader.Grading.Reports;
using Grader.Semester;

namespace Grader.Web.Comments;

/// <summary>
/// The tutors' code page of one hand-in (<c>/sheet/S/code/anon-…?file=F</c>): the list of every <c>.cs</c> file the run
/// graded and the written report, one file at a time with line numbers (C# highlighted by <see cref="CSharpHighlight"/>; the report's answers under their items, numbered
/// as the student's report.md numbers them), each comment under the line it is on now (moved or outdated said so), a form
/// that comments on a line and a button that deletes a comment, and above them each manual item's standing score with who
/// gave it and its version (issue 80: the comments and scores are the course's one derivation's, <see cref="DeskGrades"/>).
/// Blind: the hand-in is named by its pseudonym only.
/// Everything shown (file names, code, report, comments) is the student's or a tutor's and escaped; file names and
/// lines are bidi-isolated (<c>&lt;bdi&gt;</c>) so a right-to-left control in one cannot reorder the page around it.
/// </summary>
public static class CodePage
{
    /// <summary>The page's path.</summary>
    public static string PathOf(string sheet, string pseudonym) => $"/sheet/{Uri.EscapeDataString(sheet)}/code/{Uri.EscapeDataString(pseudonym)}";

    /// <summary>The page of one file.</summary>
    public static string PathOf(string sheet, string pseudonym, string file) => $"{PathOf(sheet, pseudonym)}?file={Uri.EscapeDataString(file)}";

    /// <summary>
    /// The page of one file (<paramref name="file"/>, else the first) with the list of the hand-in's files; a line
    /// number's link (<paramref name="line"/>) opens the comment form in place under that line; <paramref name="problem"/>
    /// says what a refused comment lacked, and <paramref name="typed"/> is what the tutor had typed (kept in the form).
    /// </summary>
    /// <param name="report">The written report as the run took it in: its PDF pages are shown under their items' headings in the report's file, its problems above it (null: none).</param>
    /// <param name="items">The sheet's manual items: each report item's heading in the sheet's words ("1 (a) Train and sample · Noise scatter"; null or an item not among them: its ids).</param>
    /// <param name="scores">The hand-in's standing scores (<see cref="HandinStanding.Scores"/>), listed per item of <paramref name="items"/>; null: no list.</param>
    public static string Render(string sheet, string pseudonym, HandinDocument document, IReadOnlyList<StoredComment> comments, string tutor, string antiforgery, string? file = null, int? line = null, string? problem = null, WrittenReport? report = null, IReadOnlyList<SheetItem>? items = null, string? typed = null, IReadOnlyList<ManualScoreEntry>? scores = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(comments);
        var path = PathOf(sheet, pseudonym);
        var files = document.Files;
        var f = Math.Max(0, files.ToList().IndexOf(file ?? ""));
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <nav><a href="/">Sheets</a> › <a href="/sheet/{Uri.EscapeDataString(sheet)}">Sheet {Html.Escape(sheet)}</a> › {Html.Escape(pseudonym)}</nav>
            <h1>Sheet {Html.Escape(sheet)} · {Html.Escape(pseudonym)}: code and report</h1>
            {(problem is null ? "" : $"<p class=\"problem\" role=\"alert\">{Html.Escape(problem)}</p>")}

            """);
        Scores(body, items, scores);
        if (files.Count == 0)
        {
            body.Append("<p>The run kept no code or report of this hand-in (graded by an older grader: grade the sheet again to comment on lines).</p>\n");
            return ServePages.Layout($"Sheet {sheet} · {pseudonym}", tutor, antiforgery, body.ToString());
        }

        var placed = comments.Select(c => (Stored: c, Placed: c.Place(document.Lines(c.File)))).ToArray();
        string FileLink(int i) => PathOf(sheet, pseudonym, files[i]);
        string Shown(string file) => file == InlineComment.ReportFile ? ReportPages.Title(report) : file;
        body.Append("<nav class=\"files\" aria-label=\"files\"><ol>");
        for (int i = 0; i < files.Count; i++)
        {
            var count = placed.Count(p => p.Placed.File == files[i] && !p.Placed.Outdated);
            body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{FileLink(i)}\"{(i == f ? " aria-current=\"page\"" : "")}><bdi>{Html.Escape(Shown(files[i]))}</bdi></a>{(count > 0 ? $" <span class=\"count\">({count} comment{(count == 1 ? "" : "s")})</span>" : "")}</li>");
        }

        body.Append("</ol>");
        body.Append(CultureInfo.InvariantCulture, $"{(f > 0 ? $"<a id=\"prev-file\" rel=\"prev\" accesskey=\",\" href=\"{FileLink(f - 1)}\">previous file</a>" : "")}{(f + 1 < files.Count ? $" <a id=\"next-file\" rel=\"next\" accesskey=\".\" href=\"{FileLink(f + 1)}\">next file</a>" : "")}</nav>\n");
        var name = files[f];
        var lines = document.Lines(name)!;
        var shown = name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? CSharpHighlight.Lines(lines) : lines.Select(Html.Escape).ToArray();
        var isReport = name == InlineComment.ReportFile;
        IReadOnlyList<HandinDocument.ReportSection> sections = isReport && document.ReportSections.Count > 0
            ? document.ReportSections
            : [new HandinDocument.ReportSection("", "", 1, lines.Count)];
        if (isReport && report is not null)
        {
            sections = ReportPages.Sections(sections, report);
        }

        body.Append(CultureInfo.InvariantCulture, $"<section class=\"code-file\" data-file=\"{Html.Escape(name)}\"><h2><bdi>{Html.Escape(Shown(name))}</bdi></h2>\n{(isReport && report is not null ? ReportPages.Problems(report) : "")}<p class=\"hint\">A line's number opens a comment on it; <kbd>j</kbd>/<kbd>k</kbd> go to the next and previous comment.</p>\n<table class=\"code\"><tbody>\n");
        foreach (var section in sections)
        {
            if (section.Task.Length > 0)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr class=\"item\" data-item=\"{Html.Escape($"{section.Task} · {section.Item}")}\"><th colspan=\"2\" scope=\"rowgroup\"><h3><bdi>{Html.Escape(Heading(section, items))}</bdi></h3></th></tr>\n");
                if (isReport && report is not null)
                {
                    body.Append(ReportPages.Row(sheet, pseudonym, report, section));
                }
            }

            for (int i = section.First; i <= section.Last; i++)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr id=\"l{i}\"><td class=\"ln\"><a href=\"{FileLink(f)}&amp;line={i}#add\" aria-label=\"comment on line {i}\">{i}</a></td><td><pre><bdi>{shown[i - 1]}</bdi></pre></td></tr>\n");
                foreach (var (stored, at) in placed.Where(p => p.Placed.File == name && !p.Placed.Outdated && p.Placed.Line == i))
                {
                    Comment(body, sheet, stored, at, antiforgery);
                }

                if (line == i)
                {
                    body.Append(CultureInfo.InvariantCulture, $"""
                        <tr class="add"><td></td><td><form method="post" action="{path}/comments" id="add" class="comment-form">{ServePages.Token(antiforgery)}<input type="hidden" name="file" value="{Html.Escape(name)}"><input type="hidden" name="line" value="{i}"><input type="hidden" name="seen" value="{DeskComments.LineStamp(lines[i - 1])}"><label>Comment on line {i} <textarea name="body" rows="3" maxlength="{DeskComments.MaxInlineComment}" required autofocus>{Html.Escape(typed ?? "")}</textarea></label> <button type="submit">Comment on the line</button> <a href="{FileLink(f)}#l{i}">cancel</a></form></td></tr>

                        """);
                }
            }
        }

        body.Append("</tbody></table></section>\n");
        var outdated = placed.Where(p => p.Placed.Outdated).ToArray();
        if (outdated.Length > 0)
        {
            body.Append("<section class=\"outdated\"><h2>Comments on lines no longer there</h2><table class=\"code\"><tbody>\n");
            foreach (var (stored, at) in outdated)
            {
                Comment(body, sheet, stored, at, antiforgery);
            }

            body.Append("</tbody></table></section>\n");
        }

        return ServePages.Layout($"Sheet {sheet} · {pseudonym}", tutor, antiforgery, body.ToString());
    }

    /// <summary>Each manual item's standing score with who gave it and its version, or "not scored" (nothing without <paramref name="scores"/> or items).</summary>
    private static void Scores(StringBuilder body, IReadOnlyList<SheetItem>? items, IReadOnlyList<ManualScoreEntry>? scores)
    {
        if (scores is null || items is not { Count: > 0 })
        {
            return;
        }

        body.Append("<section class=\"scores\" id=\"scores\"><h2>Scores now</h2><ul>");
        foreach (var item in items)
        {
            var score = scores.FirstOrDefault(s => s.TaskId == item.Task.Id && s.ItemId == item.Item.Id);
            body.Append(CultureInfo.InvariantCulture, $"<li data-item=\"{Html.Escape($"{item.Task.Id} · {item.Item.Id}")}\"><a href=\"{item.Path}\" title=\"{Html.Escape(item.Id)}\">{Html.Escape(item.Title)}</a>: {(score is null ? "<span class=\"unscored\">not scored</span>"
                : $"<span class=\"score\">{Csv.Number(score.Points)}</span> of {Csv.Number(item.Item.Points)} by {Html.Escape(score.Tutor)} <span class=\"when\">{ServePages.When(score.Entered)}</span> (version {score.Version})")}</li>");
        }

        body.Append("</ul></section>\n");
    }

    /// <summary>A report item's heading: its task's sheet heading and the item in words when <paramref name="items"/> has it, else its ids.</summary>
    private static string Heading(HandinDocument.ReportSection section, IReadOnlyList<SheetItem>? items) =>
        items?.FirstOrDefault(i => i.Task.Id == section.Task && i.Item.Id == section.Item) is { } item
            ? item.Title
            : $"{section.Task} · {section.Item}";

    private static void Comment(StringBuilder body, string sheet, StoredComment stored, InlineComment at, string antiforgery) =>
        body.Append(CultureInfo.InvariantCulture, $"""
            <tr class="inline-comment{(at.Outdated ? " outdated" : "")}" id="c{stored.Id}"><td></td><td><p class="where">{Html.Escape(at.Where)} · {Html.Escape(stored.Tutor)}, {ServePages.When(stored.Entered)}</p>{(at.Outdated || at.MovedFrom is not null ? $"<pre class=\"was\"><bdi>{Html.Escape(stored.LineText)}</bdi></pre>" : "")}<p class="body">{Html.Escape(stored.Body)}</p><form method="post" action="/sheet/{Uri.EscapeDataString(sheet)}/comments/{stored.Id}/delete">{ServePages.Token(antiforgery)}<button type="submit">Delete</button></form></td></tr>

            """);
}
