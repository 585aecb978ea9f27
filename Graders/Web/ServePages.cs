using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// The HTML of <c>grader serve</c>'s pages, rendered on the server: no inline script or style (the page's script is
/// <c>/serve.js</c>, its style <c>/serve.css</c>, as the Content-Security-Policy demands), every text from a student or
/// a check escaped (<see cref="Html.Escape"/>), a report's HTML through <see cref="AnswerHtml"/>, every form with the
/// anti-forgery token. This is every page's frame (<see cref="Layout"/>, <see cref="Token"/>, <see cref="When"/>), which
/// each folder's pages draw in, and the tutors' pages that link no folder; the sheet's and the grading page, which link
/// every folder's page, are <see cref="App.GradingPages"/>.
/// </summary>
public static class ServePages
{
    /// <summary>The form field the anti-forgery token travels in.</summary>
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>The sign-in page; <paramref name="returnPath"/> (a local path, <see cref="TutorServer.LocalPath"/>) is where signing in leads.</summary>
    public static string SignIn(string antiforgery, string? problem, string returnPath = "/") => Layout("Sign in", null, antiforgery, $"""
        <h1>Grader · tutors</h1>
        {(problem is null ? "" : $"<p class=\"problem\">{Html.Escape(problem)}</p>")}
        <form method="post" action="/signin" class="signin">
        {Token(antiforgery)}
        <input type="hidden" name="{TutorServer.ReturnField}" value="{Html.Escape(TutorServer.LocalPath(returnPath))}">
        <label>Your token (from <code>grader serve tutor add</code>) <input type="password" name="token" autocomplete="current-password" autofocus required></label>
        <button type="submit">Sign in</button>
        </form>
        """);

    /// <summary>The course's sheets with each one's progress over its manual items.</summary>
    public static string Sheets(GradingDesk desk, string tutor, string antiforgery)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var rows = new StringBuilder();
        foreach (var sheet in desk.Sheets)
        {
            var items = desk.Items(sheet);
            var students = desk.Students(sheet).Count;
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/sheet/{Uri.EscapeDataString(sheet)}\">Sheet {Html.Escape(sheet)}</a></td><td>{items.Count}</td><td>{(students == 0 ? "not graded yet" : $"{students}")}</td><td>{Scored(desk, sheet)}</td></tr>\n");
        }

        return Layout("Sheets", tutor, antiforgery, $"""
            <h1>{Html.Escape(desk.Course.Name)}</h1>
            <table><thead><tr><th>sheet</th><th>manual items</th><th>hand-ins</th><th>progress</th></tr></thead><tbody>
            {rows}</tbody></table>{CourseProblem(Blind(desk, tutor, desk.Reloading.Problem), antiforgery)}{CatalogChanged(desk)}
            """);
    }

    /// <summary>"37 of 49 scored" over the sheet's manual items, as the derivation counts them (<see cref="DeskScoring.Progress"/>); "—" while it cannot derive the sheet (its run's catalog part edited: <see cref="CatalogChanged"/> says so).</summary>
    private static string Scored(GradingDesk desk, string sheet)
    {
        try
        {
            var progress = desk.Scoring.Progress(sheet);
            return string.Create(CultureInfo.InvariantCulture, $"{progress.Sum(p => p.Scored)} of {progress.Sum(p => p.Total)} scored");
        }
        catch (CourseFileException) when (desk.Reloading.CatalogChanged is not null)
        {
            return "—";
        }
    }

    /// <summary>
    /// The line that says the course file's catalog part changed since the server started (<see cref="DeskCourse.CatalogChanged"/>);
    /// nothing while it has not, so the page is what it was.
    /// </summary>
    internal static string CatalogChanged(GradingDesk desk) => desk.Reloading.CatalogChanged is { } changed
        ? $"\n<p class=\"problem\" id=\"course-catalog\" role=\"alert\">{Html.Escape(changed)}</p>"
        : "";

    /// <summary>
    /// Why the course file on disk is not the one in use, with "Reload the course file" (a file mended whose time and
    /// length the server cannot tell from the refused one's, a copy keeping its time); nothing while there is no problem,
    /// so the page is what it was (the file is checked at every request anyway).
    /// </summary>
    private static string CourseProblem(string? problem, string antiforgery) => problem is null ? "" : $"""

        <p class="problem" id="course-problem" role="alert">{Html.Escape(problem)}</p>
        <form method="post" action="{ReloadPath}" class="reload">{Token(antiforgery)}<button type="submit">Reload the course file</button> once it is mended (logged; every sheet's files are written again)</form>
        """;

    /// <summary>
    /// The course file's problem as a tutor whose names are hidden on any sheet may read it: what it quotes (a student's
    /// or a group's name, a tutorial) is held back, its file, line and column and the kind of problem kept; in full once
    /// the tutor shows names on every sheet.
    /// </summary>
    private static string? Blind(GradingDesk desk, string tutor, string? problem) =>
        problem is null || desk.Sheets.All(s => desk.Blind.NamesShown(s, tutor)) ? problem
            : System.Text.RegularExpressions.Regex.Replace(problem, "\"[^\"\n]*\"", "\"…\"") + " (Quoted names are held back while names are hidden: line and column say where; 'grader course check' prints them.)";

    /// <summary>Where the tutors' "Reload the course file" posts (<see cref="DeskCourse.Reload"/>).</summary>
    public const string ReloadPath = "/course/reload";

    /// <summary>
    /// The line about the run's files (<see cref="RunFilesWriter.State"/>): being written with the latest scores, or why
    /// the last write failed; nothing when they are current.
    /// </summary>
    public static string Files((bool Writing, string? Problem) state) => state switch
    {
        { Problem: { } problem } => $"<p class=\"problem\" id=\"files\">The run's files (feedback, gradebook-lms.csv) could not be written again{(state.Writing ? " (trying again now)" : "")}: {Html.Escape(problem)} Press \"Write the run's feedback again\" on the sheet's page once it is mended.</p>",
        { Writing: true } => "<p class=\"writing\" id=\"files\" role=\"status\">The run's files (feedback, gradebook-lms.csv) are being written with the latest scores.</p>",
        _ => "",
    };

    /// <summary>The audit list of one student's item: every score, who gave it and when.</summary>
    public static string Audit(SheetItem item, string student, IReadOnlyList<ManualScoreEntry> entries, string tutor, string antiforgery, string members = "")
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(entries);
        var rows = string.Concat(entries.Select(e =>
            $"<tr><td>{e.Version}</td><td>{Csv.Number(e.Points)}</td><td>{Html.Escape(e.Tutor)}</td><td>{When(e.Entered)}</td><td>{Html.Escape(e.Comment)}</td><td class=\"note\">{Html.Escape(e.Note)}</td></tr>\n"));
        return Layout($"{student} · {item.Title}", tutor, antiforgery, $"""
            <nav><a href="/">Sheets</a> › <a href="/sheet/{Uri.EscapeDataString(item.Sheet)}">Sheet {Html.Escape(item.Sheet)}</a> › <a href="{item.Path}">{Html.Escape(item.Title)}</a> › {Html.Escape(student)}</nav>
            <h1>{Html.Escape(student)} · {Html.Escape(item.Title)}: every score given</h1>
            <p class="ids">{item.IdHtml}</p>
            {members}
            <table class="audit"><thead><tr><th>version</th><th>points</th><th>by</th><th>when</th><th>comment</th><th>note</th></tr></thead><tbody>
            {(entries.Count == 0 ? "<tr><td colspan=\"6\">not scored yet</td></tr>" : rows)}</tbody></table>
            """);
    }

    /// <summary>A page that says what was done (a success: shown as one, not as a problem).</summary>
    public static string Done(string title, string message, string? tutor, string antiforgery) =>
        Layout(title, tutor, antiforgery, $"<nav><a href=\"/\">Sheets</a></nav><h1>{Html.Escape(title)}</h1><p class=\"done\" role=\"status\">{Html.Escape(message)}</p>");

    /// <summary>A page that says what went wrong (not found, a bad request).</summary>
    public static string Problem(string title, string message, string? tutor, string antiforgery) =>
        Layout(title, tutor, antiforgery, $"<nav><a href=\"/\">Sheets</a></nav><h1>{Html.Escape(title)}</h1><p class=\"problem\">{Html.Escape(message)}</p>");

    /// <summary>"2026-11-25 23:27:22 UTC" from the gradebook's ISO 8601 time (escaped as it is when it does not parse).</summary>
    internal static string When(string entered) =>
        DateTimeOffset.TryParse(entered, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : Html.Escape(entered);

    internal static string Token(string antiforgery) => $"<input type=\"hidden\" name=\"{TokenField}\" value=\"{Html.Escape(antiforgery)}\">";

    internal static string Layout(string title, string? tutor, string antiforgery, string body, int at = 0) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{Html.Escape(title)} · grader serve</title>
        <link rel="stylesheet" href="/serve.css"><script src="/serve.js" defer></script></head>
        <body data-at="{at}">
        {(tutor is null ? "" : $"<header><span>Signed in as <strong>{Html.Escape(tutor)}</strong></span><form method=\"post\" action=\"/signout\">{Token(antiforgery)}<button type=\"submit\">Sign out</button></form></header>")}
        <main>
        {body}
        </main></body></html>
        """;
}
