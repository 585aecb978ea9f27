using Grader.Semester;
using static Grader.Web.ServePages;

namespace Grader.Web.App;

/// <summary>
/// The tutors' pages that link every folder's page (<see cref="ServePages"/> is their frame): a sheet's manual items (its
/// progress per tutorial, its regrade inbox) and the grading page of one item (each hand-in's code and report page, the
/// switch to names, the tutor's tutorials first).
/// </summary>
public static class GradingPages
{
    /// <summary>A sheet's manual items with their progress ("37 of 49 scored").</summary>
    public static string Items(GradingDesk desk, string sheet, string tutor, string antiforgery)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var rows = new StringBuilder();
        // The hand-ins' standing scores, derived once for the items' and the tutorials' progress (issue 80).
        var standing = desk.Scoring.Standing(sheet);
        foreach (var (item, scored, total) in desk.Scoring.Progress(sheet, standing))
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(total > 0 && scored == total ? "done" : "")}\"><td><a href=\"{item.Path}\">{Html.Escape(item.Title)}</a> {item.IdHtml}</td><td>{Csv.Number(item.Item.Points)}</td><td class=\"progress\">{scored} of {total} scored</td></tr>\n");
        }

        return Layout($"Sheet {sheet}", tutor, antiforgery, $"""
            <nav><a href="/">Sheets</a> › Sheet {Html.Escape(sheet)}</nav>
            <h1>Sheet {Html.Escape(sheet)}: manual items</h1>
            <table><thead><tr><th>item</th><th>points</th><th>progress</th></tr></thead><tbody>
            {rows}</tbody></table>
            {Files(desk.Files.State(sheet))}
            {TutorialProgress.Table(desk, sheet, standing)}{ServePages.CatalogChanged(desk)}
            <p><a id="students" href="{Regrades.RegradeInbox.PathOf(sheet)}">Release to students, regrade requests</a></p>
            <form method="post" action="/sheet/{Uri.EscapeDataString(sheet)}/feedback" class="feedback">{Token(antiforgery)}
            <button type="submit">Write the run's feedback again</button> with every score given so far (each student's feedback, results.json, the gradebooks; as <code>semester score</code> does; a score in this app does it too, in the background)
            </form>
            <form method="post" action="/sheet/{Uri.EscapeDataString(sheet)}/no-report" class="no-report">{Token(antiforgery)}
            <button type="submit">No report → 0</button> on every manual item for each student of the run who handed in no written report (scores already given stay; each one audited)
            </form>
            <p><a href="/sheet/{Uri.EscapeDataString(sheet)}/statistics" id="statistics">Statistics</a>: each item's levels, each tutor's count and mean, scores changed, names revealed</p>
            """);
    }

    /// <summary>
    /// The grading page of one item: every answer group with its students (score, version, verdicts), the rubric's
    /// levels as buttons (keys 1–9, 0 for the tenth) and a comment box; <paramref name="conflicts"/> (a refused write)
    /// says whose newer score stands.
    /// </summary>
    public static string Grading(ItemView view, string tutor, string antiforgery, int at, IReadOnlyList<ManualScoreEntry> conflicts, ScoreAttempt? attempt = null, (bool Writing, string? Problem) files = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(conflicts);
        var item = view.Item;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <nav><a href="/">Sheets</a> › <a href="/sheet/{Uri.EscapeDataString(item.Sheet)}">Sheet {Html.Escape(item.Sheet)}</a> › {Html.Escape(item.Title)}</nav>
            <h1>{Html.Escape(item.Title)} <span class="points">({Csv.Number(item.Item.Points)} pt)</span></h1>
            <p class="ids">{item.IdHtml}</p>
            {(item.Item.Rubric is { } rubric ? $"<p class=\"rubric\">{Html.Escape(rubric)}</p>" : "")}
            <p class="progress" id="progress">{view.Scored} of {view.Total} scored</p>
            {TutorialOrder.Heading(view)}
            {(view.Times.Values.Any(t => t.Claimed is not null) ? ClaimsNote : "")}
            <p class="keys">Keys: {(LevelKeys.ArePoints(item.Levels) ? "a digit gives that many points, <kbd>Shift</kbd> and a digit half a point more," : "the digit on a button (its place: these points are not halves from 0 to 9.5) gives its score")} to the current answer (its whole group) · <kbd>n</kbd>/<kbd>j</kbd> next · <kbd>p</kbd>/<kbd>k</kbd> previous · <kbd>c</kbd> comment · <kbd>Esc</kbd> leaves the comment</p>
            <p class="keyhint" id="keyhint" role="status" aria-live="polite"></p>
            {NameReveal.Form(view, antiforgery)}
            {Files(files)}

            """);
        if (conflicts.Count > 0)
        {
            body.Append(attempt is null
                ? "<div class=\"conflict\" id=\"conflict\" role=\"alert\"><strong>Not saved:</strong> another score was given meanwhile; it stands.<ul>"
                : "<div class=\"conflict\" id=\"conflict\" role=\"alert\"><strong>Not saved:</strong> another score stands (given meanwhile, or another tutor's, which a key never replaces). Your score and comment are kept below; replace the score shown only on purpose, with the button (the audit list notes it).<ul>");
            foreach (var c in conflicts)
            {
                body.Append(CultureInfo.InvariantCulture, $"<li>{Html.Escape(view.Label(c.Student))}: {Csv.Number(c.Points)} by {Html.Escape(c.Tutor)} at {When(c.Entered)}{(c.Comment.Length > 0 ? $" — “{Html.Escape(c.Comment)}”" : "")}</li>");
            }

            body.Append("</ul>");
            if (attempt is not null)
            {
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{item.Path}/score\" class=\"replace\">{Token(antiforgery)}<input type=\"hidden\" name=\"at\" value=\"{attempt.Group}\"><input type=\"hidden\" name=\"replace\" value=\"yes\">");
                foreach (var (shown, seen) in attempt.Seen)
                {
                    body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"student\" value=\"{Html.Escape(shown)}\"><input type=\"hidden\" name=\"seen\" value=\"{seen}\">");
                }

                body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"points\" value=\"{Csv.Number(attempt.Points)}\"><textarea name=\"comment\" id=\"replace-comment\" rows=\"2\" maxlength=\"{GradingDesk.MaxComment}\" placeholder=\"Comment (shown in the feedback)\">{Html.Escape(attempt.Comment)}</textarea><button type=\"submit\" id=\"confirm-replace\">Replace with {Csv.Number(attempt.Points)}</button></form>");
            }

            body.Append("</div>\n");
        }

        if (view.Groups.Count == 0)
        {
            body.Append("<p>No run of this sheet is recorded yet (<code>grader semester record</code>).</p>\n");
        }

        for (int g = 0; g < view.Groups.Count; g++)
        {
            Group(body, view, g, antiforgery, attempt is not null && attempt.Group == g ? attempt.Comment : null);
        }

        return Layout(item.Title, tutor, antiforgery, body.ToString(), at);
    }

    /// <summary>One answer group with its form; <paramref name="typed"/> (a refused score's comment) fills its comment box.</summary>
    private static void Group(StringBuilder body, ItemView view, int g, string antiforgery, string? typed = null)
    {
        var item = view.Item;
        var group = view.Groups[g];
        var scored = group.Students.All(view.Scores.ContainsKey);
        var names = string.Join(' ', group.Students.Select(view.Label));
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"group{(scored ? " scored" : "")}\" id=\"g{g}\" data-students=\"{Html.Escape(names)}\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<h2>Answer {g + 1} of {view.Groups.Count}{(group.Students.Count > 1 ? $" · a group of {group.Students.Count} near-identical answers, scored together" : "")}</h2>\n");
        Answer(body, view, group);
        body.Append("<table class=\"students\"><tbody>\n");
        foreach (var student in group.Students)
        {
            var score = view.Scores.GetValueOrDefault(student);
            var shown = score is null ? "<span class=\"unscored\">not scored</span>"
                : $"<span class=\"score\">{Csv.Number(score.Points)}</span> by {Html.Escape(score.Tutor)} <span class=\"when\">{When(score.Entered)}</span> (version {score.Version}){(score.Comment.Length > 0 ? $"<br><q>{Html.Escape(score.Comment)}</q>" : "")}";
            var label = view.Label(student);
            body.Append(CultureInfo.InvariantCulture, $"<tr data-student=\"{Html.Escape(label)}\"><th><a href=\"{item.Path}/audit/{Uri.EscapeDataString(label)}\">{Html.Escape(label)}</a>{TutorialOrder.Members(view, student)}{TutorialOrder.Problems(view, student)}{HandedIn(view.Times.GetValueOrDefault(student))}</th><td>{shown}</td><td>{Verdicts(view.Verdicts.GetValueOrDefault(student))}</td><td><a class=\"feedback\" target=\"_blank\" rel=\"noopener\" href=\"/sheet/{Uri.EscapeDataString(item.Sheet)}/student/{Uri.EscapeDataString(label)}/feedback\">plots and feedback</a> · <a class=\"code\" href=\"{Comments.CodePage.PathOf(item.Sheet, Pseudonyms.Of(item.Sheet, student))}\">code and report</a></td></tr>\n");
        }

        body.Append("</tbody></table>\n");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{item.Path}/score\" class=\"score\">{Token(antiforgery)}<input type=\"hidden\" name=\"at\" value=\"{g}\">");
        foreach (var student in group.Students)
        {
            body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"student\" value=\"{Html.Escape(view.Label(student))}\"><input type=\"hidden\" name=\"seen\" value=\"{view.Scores.GetValueOrDefault(student)?.Version ?? 0}\">");
        }

        body.Append("<div class=\"levels\">");
        var levels = item.Levels;
        var keys = LevelKeys.Of(levels);
        for (int l = 0; l < levels.Count; l++)
        {
            var key = keys[l];
            body.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" name=\"points\" value=\"{Csv.Number(levels[l].Points)}\"{(key.Length > 0 ? $" data-key=\"{key}\"" : "")}>{(key.Length > 0 ? $"<kbd>{LevelKeys.Shown(key)}</kbd> " : "")}{Csv.Number(levels[l].Points)}{(levels[l].Text.Length > 0 ? $" — {Html.Escape(levels[l].Text)}" : "")}</button>");
        }

        var comments = group.Students.Select(s => view.Scores.GetValueOrDefault(s)?.Comment ?? "").Distinct(StringComparer.Ordinal).ToArray();
        body.Append(CultureInfo.InvariantCulture, $"</div><textarea name=\"comment\" rows=\"2\" maxlength=\"{GradingDesk.MaxComment}\" placeholder=\"Comment (shown in the feedback)\">{Html.Escape(typed ?? (comments.Length == 1 ? comments[0] : ""))}</textarea></form>\n</section>\n");
    }

    private static void Answer(StringBuilder body, ItemView view, AnswerGroup group)
    {
        var first = group.Students[0];
        var report = view.Reports.GetValueOrDefault(first);
        body.Append("<div class=\"answer\">");
        if (report is null || !report.HandedIn)
        {
            body.Append("<p class=\"missing\">No written report was handed in.</p>");
        }
        else if (group.Answer is not { } answer || (answer.Text.Length == 0 && answer.Html is null && answer.Pages.Count == 0))
        {
            body.Append("<p class=\"missing\">The report has no answer to this item.</p>");
        }
        else
        {
            if (AnswerHtml.Sanitise(answer.Html) is { } safe)
            {
                body.Append("<div class=\"written\">").Append(safe).Append("</div>");
            }
            else if (answer.Text.Length > 0)
            {
                body.Append("<pre class=\"written\">").Append(Html.Escape(answer.Text)).Append("</pre>");
            }

            var pages = DeskHandinFiles.Pages(report);
            foreach (var page in answer.Pages)
            {
                var index = pages.ToList().IndexOf(page);
                body.Append(CultureInfo.InvariantCulture, $"<img class=\"page\" alt=\"page {index + 1} of {Html.Escape(view.Label(first))}'s report\" src=\"/sheet/{Uri.EscapeDataString(view.Item.Sheet)}/student/{Uri.EscapeDataString(view.Label(first))}/page/{index}\">");
            }
        }

        // A near-identical answer that is not equal is shown too: the tutor scores the group knowing where it differs.
        var shown = AnswerGroups.Normalise(group.Answer?.Text);
        foreach (var other in group.Students.Skip(1))
        {
            var text = view.Reports.GetValueOrDefault(other)?.Find(view.Item.Task.Id, view.Item.Item.Id)?.Text ?? "";
            if (AnswerGroups.Normalise(text) != shown)
            {
                body.Append(CultureInfo.InvariantCulture, $"<details class=\"variant\"><summary>{Html.Escape(view.Label(other))}'s answer differs slightly</summary><pre>{Html.Escape(text)}</pre></details>");
            }
        }

        foreach (var problem in report?.Problems ?? [])
        {
            body.Append("<p class=\"problem\">").Append(Html.Escape(problem)).Append("</p>");
        }

        body.Append("</div>\n");
    }

    private static string Verdicts(IReadOnlyList<StoredVerdict>? verdicts)
    {
        if (verdicts is null || verdicts.Count == 0)
        {
            return "<span class=\"verdicts\">no checks</span>";
        }

        var passed = verdicts.Count(v => v.Outcome == nameof(CheckOutcome.Passed));
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<details class=\"verdicts\"><summary>checks: {passed} of {verdicts.Count} passed</summary><ul>");
        foreach (var v in verdicts)
        {
            text.Append(CultureInfo.InvariantCulture, $"<li class=\"{Html.Escape(v.Outcome.ToLowerInvariant())}\" title=\"{Html.Escape(v.Check)}\">{Html.Escape(TextReport.InWords(v.Check))}: {Html.Escape(v.Outcome)}{(v.Message.Length > 0 ? $" — {Html.Escape(v.Message)}" : "")}</li>");
        }

        return text.Append("</ul></details>").ToString();
    }

    /// <summary>The note said once above the answers when a hand-in claims a time: the student sets it, it decides nothing.</summary>
    internal const string ClaimsNote = "<p class=\"claims\" id=\"claims\">\"claims\" is the time a hand-in carries (its last commit's, its files'): set by the student, it decides nothing; \"handed in\" is the time the late policy counts from.</p>";

    /// <summary>" handed in … (LMS file) · claims …": the time the late policy counts from and the one the hand-in carries, which decides nothing.</summary>
    private static string HandedIn(HandinTimes? times)
    {
        static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        if (times is null || (times.Deciding is null && times.Claimed is null))
        {
            return "";
        }

        var text = new StringBuilder("<br><span class=\"when\">");
        text.Append(times.Deciding is { } deciding ? $"handed in {At(deciding)} ({Html.Escape(times.Source)})" : "handed in: no time known");
        if (times.Claimed is { } claimed)
        {
            text.Append(" · claims ").Append(At(claimed));
        }

        return text.Append("</span>").ToString();
    }
}
