using Grader.Semester;

namespace Grader.Web.Students;

/// <summary>
/// The HTML of the students' pages (issue 70): sign-in, the released sheets with the semester total and admission, and
/// one sheet's grade with its verdicts, manual scores, late outcome and regrade requests. As <see cref="ServePages"/>:
/// no inline script or style, every text a student, tutor or check wrote escaped, every form with the anti-forgery token.
/// </summary>
public static class StudentPages
{
    /// <summary>The students' sign-in page.</summary>
    public static string SignIn(string antiforgery, string? problem, string courseName) => ServePages.Layout("Sign in", null, antiforgery, $"""
        <h1>{Html.Escape(courseName)} · your grades</h1>
        {(problem is null ? "" : $"<p class=\"problem\">{Html.Escape(problem)}</p>")}
        <form method="post" action="{StudentRoutes.SignInPath}" class="signin">
        {ServePages.Token(antiforgery)}
        <label>Your token (from your tutor) <input type="password" name="token" autocomplete="current-password" autofocus required></label>
        <button type="submit">Sign in</button>
        </form>
        """);

    /// <summary>The student's home: each released sheet's points and late outcome, the total over them and the admission.</summary>
    public static string Home(string student, StudentTotals? totals, string courseName, string antiforgery)
    {
        var rows = new StringBuilder();
        foreach (var sheet in totals?.Sheets ?? [])
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"{SheetPath(sheet.Sheet)}\">Sheet {Html.Escape(sheet.Sheet)}</a></td><td class=\"points\">{Points(sheet)}</td><td>{Html.Escape(sheet.HandedIn ? sheet.Late.Describe() : "not handed in")}</td></tr>\n");
        }

        var summary = totals is null || totals.Sheets.Count == 0
            ? "<p id=\"released\">No sheet is released yet.</p>"
            : $"""
              <table id="released"><thead><tr><th>sheet</th><th>points</th><th>late</th></tr></thead><tbody>
              {rows}</tbody></table>
              <p id="total">Semester so far: <strong>{Csv.Number(totals.Total)}</strong> of {Csv.Number(totals.Max)} points over the released sheets; the exam needs {Csv.Number(totals.Needed)} ({Csv.Number(totals.Admission * 100)} %): <strong>{(totals.Admitted ? "reached" : "not reached yet")}</strong>.</p>
              """;
        return Layout(courseName, student, antiforgery, $"<h1>{Html.Escape(courseName)} · {Html.Escape(student)}</h1>\n{summary}");
    }

    /// <summary>
    /// One released sheet in the sheet's words (issue 82): on top the sheet's title, the points, the late outcome and what
    /// is still pending, then a table of contents; each task under its sheet heading ("1 (a) Train on …") with its points,
    /// its checks by what they check (the message says what was expected, what was seen and what to re-read), its manual
    /// items with their level and comment, the regrade requests, and the tutors' comments on lines of the hand-in beside
    /// the lines they address (<see cref="LineComment"/>; a line no task claims comes after the tasks).
    /// No grader id is shown as text (ids stay in attributes and anchors).
    /// </summary>
    public static string Sheet(string student, StudentSheet view, DateTimeOffset now, string? problem, string antiforgery)
    {
        ArgumentNullException.ThrowIfNull(view);
        var total = view.Total;
        var sheet = total.Sheet;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <nav><a href="{StudentRoutes.Home}">Your sheets</a> › Sheet {Html.Escape(sheet)}</nav>
            <h1>Sheet {Html.Escape(sheet)} · {Html.Escape(student)}</h1>
            {(view.Title is { Length: > 0 } title ? $"<p class=\"sheet-title\">{Html.Escape(title)}</p>" : "")}
            {(problem is null ? "" : $"<p class=\"problem\" role=\"alert\">{Html.Escape(problem)}</p>")}
            <p id="grade">Points: <strong>{Points(total)}</strong></p>

            """);
        if (total.Report is not { } report)
        {
            body.Append("<p>You handed nothing in for this sheet.</p>\n");
            return Layout($"Sheet {sheet}", student, antiforgery, body.ToString());
        }

        var figures = HandinFigures.Of(report);
        body.Append(CultureInfo.InvariantCulture, $"<p id=\"late\">{Html.Escape(total.Late.Describe())}</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p id=\"pending\">{Html.Escape(Pending(report, view))}</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p><a id=\"feedback\" href=\"{SheetPath(sheet)}/feedback\" target=\"_blank\" rel=\"noopener\">Your feedback with the grader's plots</a></p>\n");
        var open = view.TakesRequests(now);
        body.Append(view.RegradeDeadline is { } deadline
            ? $"<p class=\"regrade-deadline\">Regrade requests until {deadline.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}{(open ? "" : " (closed)")}.</p>\n"
            : "<p class=\"regrade-deadline\">Regrade requests are open.</p>\n");

        // The table of contents: every task by its sheet heading, with its points; the comments on lines when there are any.
        body.Append("<nav id=\"contents\" aria-label=\"Tasks of the sheet\"><h2>Tasks</h2><ol>\n");
        for (var k = 0; k < report.Tasks.Count; k++)
        {
            var task = report.Tasks[k];
            var remarks = view.Comments.Count(c => c.Task == task.Task.Id);
            body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#task-{k + 1}\">{Html.Escape(TextReport.TaskHeading(task.Task))}</a> <span class=\"points\">{TaskPoints(task)}</span>{(remarks == 0 ? "" : $" <span class=\"remarks\">· {remarks} comment{(remarks == 1 ? "" : "s")} on your lines</span>")}</li>\n");
        }

        var others = view.Comments.Where(c => c.Task is null || report.Find(c.Task) is null).ToArray();
        if (others.Length > 0)
        {
            body.Append("<li><a href=\"#comments\">Comments on your hand-in</a></li>\n");
        }

        body.Append("</ol></nav>\n");
        for (var k = 0; k < report.Tasks.Count; k++)
        {
            var task = report.Tasks[k];
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"task\" id=\"task-{k + 1}\" data-task=\"{Html.Escape(task.Task.Id)}\"><h2>{Html.Escape(TextReport.TaskHeading(task.Task))} <span class=\"points\">{TaskPoints(task)}</span></h2>\n");
            if (task.NotGradedYet)
            {
                body.Append(CultureInfo.InvariantCulture, $"<p class=\"not-graded\">Not checked automatically yet: its automatic share ({Csv.Number(task.Task.AutoPoints)}) counts in full.</p>\n");
            }

            if (task.Checks.Count > 0)
            {
                body.Append(CultureInfo.InvariantCulture, $"<h3>Automatic checks: {Csv.Number(task.Score)} {Of(task.MaxAuto)}</h3><ul class=\"verdicts\">");
                foreach (var check in task.Checks)
                {
                    var reRead = check.Passed ? null : task.Task.Checks.FirstOrDefault(c => c.Check.Id == check.CheckId)?.Check.SheetRef;
                    body.Append(CultureInfo.InvariantCulture, $"<li class=\"{Html.Escape(check.Result.Outcome.ToString().ToLowerInvariant())}\" data-check=\"{Html.Escape(check.CheckId)}\"><strong>{Html.Escape(TextReport.InWords(check.CheckId))}</strong>: {Verdict(check)}{(check.Result.Message.Length > 0 ? $" — {Html.Escape(check.Result.Message)}" : "")}");
                    if (!check.Passed && check.Result.Expected is { Length: > 0 } expected)
                    {
                        body.Append("<br><span class=\"expected\">Expected: ").Append(Html.Escape(expected)).Append("</span>");
                    }

                    if (!check.Passed && check.Result.Seen is { Length: > 0 } seen)
                    {
                        body.Append("<br><span class=\"seen\">Seen: ").Append(Html.Escape(seen)).Append("</span>");
                    }

                    if (reRead is { Length: > 0 })
                    {
                        body.Append("<br><span class=\"re-read\">Re-read: ").Append(Html.Escape(reRead)).Append("</span>");
                    }

                    // The check's plots, each an image of its own route (the page's policy allows no inline style).
                    foreach (var figure in figures.Of(task.Task.Id, check.CheckId))
                    {
                        body.Append(CultureInfo.InvariantCulture, $"<figure class=\"plot\"><img src=\"{SheetPath(sheet)}/figure/{figure.Number}\" alt=\"{Html.Escape(figure.Title)}\" loading=\"lazy\"><figcaption>{Html.Escape(figure.Title)}</figcaption></figure>");
                    }

                    // Its image grids the same way, each one SVG of its rows (the alt text names the rows the image shows).
                    foreach (var grid in figures.GridsOf(task.Task.Id, check.CheckId))
                    {
                        body.Append(CultureInfo.InvariantCulture, $"<figure class=\"plot images\"><img src=\"{SheetPath(sheet)}/images/{grid.Number}\" alt=\"{Html.Escape($"{grid.Title}: {string.Join("; ", grid.Rows)}")}\" loading=\"lazy\"><figcaption>{Html.Escape(grid.Title)}</figcaption>");
                        foreach (var note in new[] { grid.Marks, grid.Omitted }.OfType<string>())
                        {
                            body.Append("<p class=\"note\">").Append(Html.Escape(note)).Append("</p>");
                        }

                        body.Append("</figure>");
                    }

                    body.Append("</li>");
                }

                body.Append("</ul>\n");
                Regrade(body, view, student, task.Task.Id, "", open, antiforgery, null);
            }

            foreach (var item in task.Items)
            {
                var level = item.Points is { } p ? item.Item.Levels.FirstOrDefault(l => Math.Abs(l.Points - p) < 1e-9)?.Text : null;
                body.Append(CultureInfo.InvariantCulture, $"<div class=\"item\" data-item=\"{Html.Escape(item.Item.Id)}\"><h3>{Html.Escape(TextReport.InWords(item.Item.Id))}: <span class=\"score\">{(item.Points is { } pts ? $"{Csv.Number(pts)} {Of(item.Item.Points)}" : $"not scored yet ({Of(item.Item.Points)})")}</span></h3>");
                if (level is { Length: > 0 })
                {
                    body.Append("<p class=\"level\">").Append(Html.Escape(level)).Append("</p>");
                }

                if (item.Comment.Length > 0)
                {
                    body.Append("<p class=\"comment\">").Append(Html.Escape(item.Comment)).Append("</p>");
                }

                body.Append("</div>\n");
                Regrade(body, view, student, task.Task.Id, item.Item.Id, open && !item.Pending, antiforgery, item.Points);
            }

            LineComments(body, view.Comments.Where(c => c.Task == task.Task.Id).Select(c => c.Comment).ToArray(), "h3", "Comments on your lines");
            body.Append("</section>\n");
        }

        if (others.Length > 0)
        {
            body.Append("<section id=\"comments\">");
            LineComments(body, others.Select(c => c.Comment).ToArray(), "h2", "Comments on your hand-in");
            body.Append("</section>\n");
        }

        return Layout($"Sheet {sheet}", student, antiforgery, body.ToString());
    }

    /// <summary>
    /// Tutors' comments on lines, each beside its line: where it is (the file and the line's number in the student's
    /// file), the line as the tutor commented it, and the comment; a comment whose line is no longer there says so.
    /// </summary>
    private static void LineComments(StringBuilder body, IReadOnlyList<InlineComment> comments, string heading, string title)
    {
        if (comments.Count == 0)
        {
            return;
        }

        body.Append(CultureInfo.InvariantCulture, $"<div class=\"line-comments\"><{heading}>{title}</{heading}>\n<ul class=\"inline-comments\">\n");
        foreach (var comment in comments)
        {
            var line = comment.Line.ToString(CultureInfo.InvariantCulture);
            body.Append("<li class=\"inline-comment").Append(comment.Outdated ? " outdated" : "").Append("\"><p class=\"where\"><bdi>").Append(Html.Escape(comment.Where)).Append("</bdi></p>");
            if (comment.Outdated)
            {
                body.Append("<p class=\"changed\">").Append(InlineComment.ChangedSentence).Append("</p>");
            }

            body.Append("<pre class=\"line\"><span class=\"ln\">").Append(line).Append("</span><code><bdi>").Append(Html.Escape(comment.LineText)).Append("</bdi></code></pre>")
                .Append("<p class=\"body\">").Append(Html.Escape(comment.Body)).Append("</p></li>\n");
        }

        body.Append("</ul></div>\n");
    }

    /// <summary>"3 of 4 points", "– of 1 point" (nothing scored yet).</summary>
    private static string TaskPoints(TaskResult task) => $"{(task.Total is { } t ? Csv.Number(t) : "–")} {Of(task.Max)}";

    /// <summary>"of 4 points", "of 1 point".</summary>
    private static string Of(double max) => $"of {Csv.Number(max)} point{(max == 1 ? "" : "s")}";

    private static string Verdict(CheckVerdict check) => TextReport.Verdict(check.Result.Outcome);

    /// <summary>What is still open on the sheet: manual items not scored yet, regrade requests not answered.</summary>
    private static string Pending(HandinReport report, StudentSheet view)
    {
        var items = report.Tasks.SelectMany(t => t.Items).Where(i => i.Pending).ToList();
        var requests = view.Requests.Count(r => r.Open);
        var parts = new List<string>();
        if (items.Count > 0)
        {
            parts.Add($"{items.Count} item{(items.Count == 1 ? "" : "s")} the tutors score by hand ({Csv.Number(items.Sum(i => i.Item.Points))} points)");
        }

        if (requests > 0)
        {
            parts.Add($"{requests} regrade request{(requests == 1 ? "" : "s")} not answered yet");
        }

        return parts.Count == 0 ? "Nothing is pending: every item is scored." : $"Still pending: {string.Join("; ", parts)}.";
    }

    /// <summary>A page that says what went wrong.</summary>
    public static string Problem(string title, string message, string? student, string antiforgery) =>
        Layout(title, student, antiforgery, $"<nav><a href=\"{StudentRoutes.Home}\">Your sheets</a></nav><h1>{Html.Escape(title)}</h1><p class=\"problem\">{Html.Escape(message)}</p>");

    /// <summary>The path of a released sheet's page.</summary>
    public static string SheetPath(string sheet) => $"{StudentRoutes.Home}/sheet/{Uri.EscapeDataString(sheet)}";

    private static void Regrade(StringBuilder body, StudentSheet view, string student, string task, string item, bool open, string antiforgery, double? current)
    {
        var what = item.Length == 0 ? "the automatic checks" : "this item";
        // A group's request is every member's (the requests are the student's and their group's).
        if (view.Requests.FirstOrDefault(r => r.Task == task && r.Item == item) is { } request)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"regrade\"><p>{(request.Student == student ? "Your regrade request" : $"Your group's regrade request, filed by {Html.Escape(request.Student)}")} ({ServePages.When(request.Filed)}): <q class=\"reason\">{Html.Escape(request.Reason)}</q></p>");
            body.Append(request.Open
                ? "<p class=\"answer open\">Not answered yet.</p>"
                : $"<p class=\"answer\">Answered by {Html.Escape(request.Tutor ?? "")} ({ServePages.When(request.Answered ?? "")}): {(request.Outcome == RegradeRequest.Changed ? $"new score <strong>{Csv.Number(request.Points ?? 0)}</strong>" : request.Points is { } kept ? $"score kept at {Csv.Number(kept)}" : "score kept")}{(request.Reply is { Length: > 0 } reply ? $" — <q class=\"reply\">{Html.Escape(reply)}</q>" : "")}</p>"
                    + (current is { } now && request.Points is { } answered && Math.Abs(now - answered) > 1e-9
                        ? $"<p class=\"answer rescored\">Scored again since this answer: the item's score is now <strong>{Csv.Number(now)}</strong> (above).</p>"
                        : ""));
            body.Append("</div>\n");
            return;
        }

        if (!open)
        {
            return;
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            <details class="regrade"><summary>Request a regrade of {what}</summary>
            <form method="post" action="{SheetPath(view.Total.Sheet)}/regrade" class="regrade">{ServePages.Token(antiforgery)}
            <input type="hidden" name="task" value="{Html.Escape(task)}"><input type="hidden" name="item" value="{Html.Escape(item)}">
            <textarea name="reason" rows="3" maxlength="{StudentDesk.MaxReason}" required placeholder="Why the score should change (one request per item)"></textarea>
            <button type="submit">Send the request</button></form></details>

            """);
    }

    private static string Points(SheetTotal total) =>
        !total.HandedIn ? $"0 of {Csv.Number(total.Max)}"
        : total.ManualPending ? $"{Csv.Number(total.After)} of {Csv.Number(total.Max)} (manual items still being scored)"
        : $"{Csv.Number(total.After)} of {Csv.Number(total.Max)}";

    private static string Layout(string title, string? student, string antiforgery, string body) =>
        ServePages.Layout(title, null, antiforgery, (student is null ? "" : $"<header><span>Signed in as <strong>{Html.Escape(student)}</strong></span><form method=\"post\" action=\"{StudentRoutes.SignOutPath}\">{ServePages.Token(antiforgery)}<button type=\"submit\">Sign out</button></form></header>\n") + body);
}
