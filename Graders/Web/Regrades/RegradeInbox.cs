using Grader.Semester;

namespace Grader.Web.Regrades;

/// <summary>
/// The tutors' page of a sheet's students' side (issue 70): whether the sheet is released (with the button that
/// releases or withdraws it), the inbox of regrade requests (open first) with an answer form each, and the sheet's one audit
/// list (scores, name reveals, releases, requests, answers, comments; <see cref="AuditLog.ServeAudit"/>). A request's reason is a student's text, hostile to the tutor who reads it: escaped like every
/// other.
/// </summary>
public static class RegradeInbox
{
    /// <summary>The page's path for a sheet.</summary>
    public static string PathOf(string sheet) => $"/sheet/{Uri.EscapeDataString(sheet)}/students";

    /// <summary>How many entries of the audit list one page shows (newest first; a "more" link leads to the older ones).</summary>
    public const int AuditPage = 100;

    /// <summary>
    /// The page; its audit list starts after the entry <paramref name="before"/> (null: the newest); a refused answer's
    /// <paramref name="attempt"/> fills its request's form. Every form carries the version it shows (<c>seen</c>).
    /// </summary>
    public static string Page(GradingDesk desk, string sheet, string tutor, string antiforgery, string? notice = null, long? before = null, RegradeAttempt? attempt = null)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var (released, version, filed, page) = desk.Locked(g => (g.Releases.Releases().TryGetValue(sheet, out var r) ? r : ((string, string)?)null, g.Releases.ReleaseVersion(sheet), g.Regrades.Regrades(sheet), g.Audit.ServeAudit(sheet, AuditPage + 1, before)));
        // The requests, their answers and each one's standing score (who gave it, its version: the one the answer form sends
        // back) are the course's one derivation of the students who filed them (issue 80: a group's request is every
        // member's, its score the group's hand-in's); the store's list says only whose, and in which order (a filer the
        // course no longer has is in no derivation: their request is shown as filed, with no score).
        // The released state is the derivation's too (SheetTotal.Released, the students' pages' own gate), read with one
        // student of the course beside the filers; who released it and when is the store's row (not a grade: the audit's
        // who and when), shown while the derivation says it is released.
        var model = desk.Grades.OfStudents(sheet, filed.Select(q => q.Student).Concat(desk.Course.Students.Take(1)).Distinct(StringComparer.Ordinal).ToArray());
        var isReleased = model.Count > 0 ? model.Values.First().Released : released is not null;
        var derived = model.Values.SelectMany(t => t.Regrades).DistinctBy(q => q.Id).ToDictionary(q => q.Id);
        var requests = filed.Select(q => derived.GetValueOrDefault(q.Id) ?? q).ToArray();
        // The audit list is the store's: it is what was done, by whom and when (a score given, a reveal, a release), the
        // history no grade is derived from; the standing scores are the derivation's (the requests above, the items' audit pages).
        var audit = page.Take(AuditPage).ToArray();
        var items = desk.Items(sheet);
        var naming = desk.Blind.Naming(sheet, tutor); // every student, and every text a student or a name may be in, as the tutor's naming says (issue 80)
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <nav><a href="/">Sheets</a> › <a href="/sheet/{Uri.EscapeDataString(sheet)}">Sheet {Html.Escape(sheet)}</a> › Students</nav>
            <h1>Sheet {Html.Escape(sheet)}: release and regrade requests</h1>
            {(notice is null ? "" : $"<p class=\"problem\" role=\"alert\">{Html.Escape(notice)}</p>")}
            {ServePages.Files(desk.Files.State(sheet))}
            <form method="post" action="/sheet/{Uri.EscapeDataString(sheet)}/release" class="release">{ServePages.Token(antiforgery)}<input type="hidden" name="{RegradeRoutes.SeenField}" value="{version}">
            {(isReleased
                ? $"<p id=\"release-state\">Released to students{(released is { } r ? $" by {Html.Escape(r.Item1)} at {ServePages.When(r.Item2)}" : "")}.</p><button type=\"submit\" name=\"release\" value=\"withdraw\">Withdraw the release</button>"
                : "<p id=\"release-state\">Not released: students see nothing of this sheet.</p><button type=\"submit\" name=\"release\" value=\"release\" id=\"release\">Release to students</button>")}
            </form>
            <h2>Regrade requests ({requests.Count(q => q.Open)} open)</h2>

            """);
        if (requests.Length == 0)
        {
            body.Append("<p>No regrade request yet.</p>\n");
        }

        foreach (var request in requests)
        {
            var item = items.FirstOrDefault(i => i.Task.Id == request.Task && i.Item.Id == request.Item);
            var total = model.GetValueOrDefault(request.Student);
            var handin = total?.Handin ?? request.Student; // a group member's hand-in is the group's (issue 68)
            var current = item is null ? null : total?.Scored(item.Task.Id, item.Item.Id);
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"request{(request.Open ? " open" : "")}\" id=\"r{request.Id}\"><h3>{Html.Escape(naming.Label(request.Student))} · {Html.Escape(Title(desk, request))}</h3>{(desk.Catalog.FindTask(request.Task) is null ? "" : $"<p class=\"ids\"><code class=\"id\">{Html.Escape(request.Title)}</code></p>")}");
            body.Append(CultureInfo.InvariantCulture, $"<p>Filed {ServePages.When(request.Filed)}: <q class=\"reason\">{Html.Escape(naming.Prose(request.Reason))}</q></p>");
            body.Append(CultureInfo.InvariantCulture, $"<p>{(item is null ? "Automatic checks: read the verdicts in" : $"Score now: {(current is null ? "none" : $"{Csv.Number(current.Points)} by {Html.Escape(current.Tutor)}{(current.Comment.Length > 0 ? $" — “{Html.Escape(current.Comment)}”" : "")}")} ·")} <a target=\"_blank\" rel=\"noopener\" href=\"/sheet/{Uri.EscapeDataString(sheet)}/student/{Uri.EscapeDataString(naming.Label(handin))}/feedback\">the student's feedback</a>{(item is null ? "" : $" · <a href=\"{item.Path}/audit/{Uri.EscapeDataString(naming.Label(handin))}\">every score given</a>")}</p>");
            if (!request.Open)
            {
                body.Append(CultureInfo.InvariantCulture, $"<p class=\"answer\">Answered by {Html.Escape(request.Tutor ?? "")} at {ServePages.When(request.Answered ?? "")}: {(request.Outcome == RegradeRequest.Changed ? $"new score {Csv.Number(request.Points ?? 0)}" : "kept")}{(request.Reply is { Length: > 0 } reply ? $" — <q>{Html.Escape(reply)}</q>" : "")}</p></section>\n");
                continue;
            }

            var typed = attempt?.Id == request.Id ? attempt : null;
            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/sheet/{Uri.EscapeDataString(sheet)}/regrades/{request.Id}\" class=\"answer\">{ServePages.Token(antiforgery)}<input type=\"hidden\" name=\"{RegradeRoutes.SeenField}\" value=\"{current?.Version ?? 0}\">");
            body.Append(CultureInfo.InvariantCulture, $"<textarea name=\"reply\" rows=\"2\" maxlength=\"{GradingDesk.MaxComment}\" placeholder=\"Your reply (the student reads it)\">{Html.Escape(typed?.Reply ?? "")}</textarea>");
            body.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" name=\"outcome\" value=\"kept\">Keep the score{(item is not null && typed is not null ? $" ({(current is null ? "none" : Csv.Number(current.Points))})" : "")}</button>");
            if (item is not null)
            {
                body.Append(CultureInfo.InvariantCulture, $" or <label>new score <input type=\"number\" name=\"points\" min=\"0\" max=\"{Csv.Number(item.Item.Points)}\" step=\"any\" value=\"{Html.Escape(typed?.Points ?? "")}\"></label> <button type=\"submit\" name=\"outcome\" value=\"changed\">{(typed is null ? "Give the new score" : "Replace with the new score")}</button>");
            }

            body.Append("</form></section>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<h2 id=\"audit\">Audit{(before is null ? " (newest first)" : " (older entries)")}</h2><table class=\"audit\"><thead><tr><th>when</th><th>who</th><th>what</th><th>student</th><th>detail</th></tr></thead><tbody>\n");
        foreach (var entry in audit)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{ServePages.When(entry.At)}</td><td>{Html.Escape(naming.Prose(entry.Actor))}</td><td>{Html.Escape(entry.Action)}</td><td>{Html.Escape(entry.Student.Length > 0 ? naming.Label(entry.Student) : "")}</td><td>{Html.Escape(naming.Message(entry.Detail))}</td></tr>\n");
        }

        body.Append("</tbody></table>\n");
        if (page.Count > AuditPage)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p><a class=\"more\" href=\"{PathOf(sheet)}?before={audit[^1].Id}#audit\">more (older entries)</a></p>\n");
        }

        return ServePages.Layout($"Sheet {sheet} · students", tutor, antiforgery, body.ToString());
    }

    /// <summary>"3 (a) Loss functions · Answer", "… · automatic checks": what a request is about in the sheet's words (<see cref="SheetItem.Words"/>); its ids when the catalog no longer has its task.</summary>
    private static string Title(GradingDesk desk, RegradeRequest request) =>
        desk.Catalog.FindTask(request.Task) is not { } task ? request.Title
        : request.Automatic ? $"{TextReport.TaskHeading(task)} · automatic checks"
        : SheetItem.Words(task, request.Item);
}
