using Grader.Semester;

namespace Grader.Web.Comments;

/// <summary>
/// The tutors' code page of one hand-in (<c>/sheet/S/code/anon-…</c>): every <c>.cs</c> file the run graded and the
/// written report, with line numbers, each comment under the line it is on now (moved or outdated said so), a form
/// that comments on a line and a button that deletes a comment. Blind: the hand-in is named by its pseudonym only.
/// Everything shown (file names, code, report, comments) is the student's or a tutor's and escaped; file names and
/// lines are bidi-isolated (<c>&lt;bdi&gt;</c>) so a right-to-left control in one cannot reorder the page around it.
/// </summary>
public static class CodePage
{
    /// <summary>The page's path.</summary>
    public static string PathOf(string sheet, string pseudonym) => $"/sheet/{Uri.EscapeDataString(sheet)}/code/{Uri.EscapeDataString(pseudonym)}";

    /// <summary>The page; <paramref name="file"/> and <paramref name="line"/> preset the form (a line number's link), <paramref name="problem"/> says what a refused comment lacked.</summary>
    public static string Render(string sheet, string pseudonym, HandinDocument document, IReadOnlyList<StoredComment> comments, string tutor, string antiforgery, string? file = null, int? line = null, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(comments);
        var path = PathOf(sheet, pseudonym);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <nav><a href="/">Sheets</a> › <a href="/sheet/{Uri.EscapeDataString(sheet)}">Sheet {Html.Escape(sheet)}</a> › {Html.Escape(pseudonym)}</nav>
            <h1>Sheet {Html.Escape(sheet)} · {Html.Escape(pseudonym)}: code and report</h1>
            {(problem is null ? "" : $"<p class=\"problem\" role=\"alert\">{Html.Escape(problem)}</p>")}
            <form method="post" action="{path}/comments" id="add" class="comment-form">{ServePages.Token(antiforgery)}
            <label>File <select name="file">{string.Concat(document.Files.Select(f => $"<option value=\"{Html.Escape(f)}\"{(f == file ? " selected" : "")}>{Html.Escape(f)}</option>"))}</select></label>
            <label>Line <input type="number" name="line" min="1" value="{line?.ToString(CultureInfo.InvariantCulture) ?? ""}" required></label>
            <label>Comment <textarea name="body" maxlength="{GradingDesk.MaxInlineComment}" required></textarea></label>
            <button type="submit">Comment on the line</button></form>

            """);
        if (document.Files.Count == 0)
        {
            body.Append("<p>The run kept no code or report of this hand-in (graded by an older grader: grade the sheet again to comment on lines).</p>\n");
        }

        var placed = comments.Select(c => (Stored: c, Placed: c.Place(document.Lines(c.File)))).ToArray();
        for (int f = 0; f < document.Files.Count; f++)
        {
            var name = document.Files[f];
            var lines = document.Lines(name)!;
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"code-file\" data-file=\"{Html.Escape(name)}\"><h2><bdi>{Html.Escape(name)}</bdi></h2>\n<table class=\"code\"><tbody>\n");
            for (int i = 1; i <= lines.Count; i++)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr id=\"f{f}-l{i}\"><td class=\"ln\"><a href=\"{path}?file={Uri.EscapeDataString(name)}&amp;line={i}#add\">{i}</a></td><td><pre><bdi>{Html.Escape(lines[i - 1])}</bdi></pre></td></tr>\n");
                foreach (var (stored, at) in placed.Where(p => p.Placed.File == name && !p.Placed.Outdated && p.Placed.Line == i))
                {
                    Comment(body, sheet, stored, at, antiforgery);
                }
            }

            body.Append("</tbody></table></section>\n");
        }

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

    private static void Comment(StringBuilder body, string sheet, StoredComment stored, InlineComment at, string antiforgery) =>
        body.Append(CultureInfo.InvariantCulture, $"""
            <tr class="inline-comment{(at.Outdated ? " outdated" : "")}" id="c{stored.Id}"><td></td><td><p class="where">{Html.Escape(at.Where)} · {Html.Escape(stored.Tutor)}, {ServePages.When(stored.Entered)}</p>{(at.Outdated || at.MovedFrom is not null ? $"<pre class=\"was\"><bdi>{Html.Escape(stored.LineText)}</bdi></pre>" : "")}<p class="body">{Html.Escape(stored.Body)}</p><form method="post" action="/sheet/{Uri.EscapeDataString(sheet)}/comments/{stored.Id}/delete">{ServePages.Token(antiforgery)}<button type="submit">Delete</button></form></td></tr>

            """);
}
