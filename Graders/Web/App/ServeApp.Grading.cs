using Grader.Semester;
using Microsoft.AspNetCore.Http;
using static Grader.Web.TutorServer;

namespace Grader.Web.App;

/// <summary>The grading pages' handlers: a score posted, the statistics, the names shown or hidden, a hand-in without a report, the feedback served.</summary>
public static partial class ServeApp
{
    private static async Task Score(HttpContext context, GradingDesk desk, string sheet, int index)
    {
        if (desk.Item(sheet, index) is not { } item)
        {
            await NotFound(context, $"Sheet '{sheet}' has no manual item {index}.");
            return;
        }

        var form = await context.Request.ReadFormAsync();
        var students = form["student"];
        var seen = form["seen"];
        int at = int.TryParse(form["at"], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
        var versions = seen.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray();
        if (students.Count != seen.Count || !double.TryParse(form["points"], NumberStyles.Float, CultureInfo.InvariantCulture, out var points))
        {
            await Page(context, ServePages.Problem("Refused", "The score's form is incomplete: reload the page.", Tutor(context), Token(context)), StatusCodes.Status400BadRequest);
            return;
        }

        // The page names students by pseudonym (or by name once revealed); an unknown one is refused below.
        var shown = students.Select(s => s ?? "").ToArray();
        var seenStudents = shown.Select((s, i) => (desk.Resolve(sheet, s) ?? "", versions[i])).ToArray();
        var comment = form["comment"].ToString().Trim();
        var replace = form["replace"] == "yes";
        IReadOnlyList<Grader.Semester.ManualScoreEntry> conflicts;
        try
        {
            conflicts = desk.Scoring.Score(item, seenStudents, points, comment, Tutor(context), replace);
        }
        catch (ArgumentException e)
        {
            await Page(context, ServePages.Problem("Refused", e.Message, Tutor(context), Token(context)), StatusCodes.Status400BadRequest);
            return;
        }

        if (conflicts.Count > 0)
        {
            // Refused (a newer score than the page showed, or another tutor's that a key never replaces): the page shows
            // the standing scores and keeps what the tutor typed, and its one "Replace" writes it on the versions now shown.
            var standing = conflicts.ToDictionary(c => c.Student, c => c.Version, StringComparer.Ordinal);
            var attempt = new ScoreAttempt(at, shown.Select((s, i) => (s, standing.TryGetValue(seenStudents[i].Item1, out var now) ? now : versions[i])).ToArray(), points, comment);
            await Page(context, GradingPages.Grading(View(desk, item, context), Tutor(context), Token(context), at, conflicts, attempt), StatusCodes.Status409Conflict);
            return;
        }

        // Every output current after every score: the run's LMS export, gradebooks and feedback are written again in
        // the background (one writer per sheet, a burst of scores in one write); the page says while they are.
        _ = desk.Files.Request(sheet, seenStudents.Select(s => s.Item1).ToHashSet(StringComparer.Ordinal));
        var next = View(desk, item, context).NextUnscored(at);
        context.Response.Redirect($"{item.Path}?at={next}");
    }

    /// <summary>
    /// Each item's statistics over the standing scores of the latest run's hand-ins as the course's one derivation gives
    /// them (issue 80: after every regrade; a group's score once, as one hand-in) and the regrade requests on them; the
    /// scores changed are counted in the audit list, the history no grade is derived from.
    /// </summary>
    private static ItemStatistics[] Statistics(GradingDesk desk, string sheet)
    {
        var standing = desk.Scoring.Standing(sheet);
        var total = standing.Count;
        var regrades = standing.Values.SelectMany(h => h.Total?.Regrades ?? []).DistinctBy(r => r.Id).ToArray();
        return desk.Items(sheet).Select(i =>
        {
            var (scores, audit) = desk.Scoring.Scores(i, standing);
            return ItemStatistics.Of(i, scores, audit, total) with
            {
                ChangedAfterRegrade = regrades.Count(r => r.Outcome == RegradeRequest.Changed && r.Task == i.Task.Id && r.Item == i.Item.Id),
            };
        }).ToArray();
    }

    /// <summary>
    /// On a group course's audit page of one hand-in, under its members, the score standing in the grade as the course's
    /// one derivation gives it (issue 80): the list below is the store's history of who gave what when (no grade is
    /// derived from it; its last entry is the standing score, written in the same transaction), the standing score the
    /// grade's, and a member's own hand-in beside their group's counts in no grade. Nothing in a course without groups.
    /// </summary>
    private static string Standing(GradingDesk desk, SheetItem item, string handin)
    {
        if (desk.Course.Semester?.HasGroups != true)
        {
            return "";
        }

        var standing = desk.Grades.OfHandin(item.Sheet, handin);
        var score = standing.Scored(item.Task.Id, item.Item.Id);
        var text = standing.Total is null ? "In no grade: no student's grade counts this hand-in (a member's grade is their group's hand-in's)."
            : score is null ? "In the grade: not scored yet (the item is pending)."
            : string.Create(CultureInfo.InvariantCulture, $"In the grade: {Csv.Number(score.Points)} by {score.Tutor} (version {score.Version}).");
        return $"\n<p class=\"standing\" id=\"standing\">{Html.Escape(text)}</p>";
    }

    private static ItemView View(GradingDesk desk, SheetItem item, HttpContext context)
    {
        var naming = desk.Blind.Naming(item.Sheet, Tutor(context));
        return TutorialOrder.ForTutor(desk.Scoring.View(item) with { NamesShown = naming.Shown, Naming = naming, Problems = desk.Tutorials.HandinProblems(item.Sheet) }, desk.Roster(item.Sheet), desk.Tutorials.TutorialsOf(Tutor(context)));
    }

    private static async Task Names(HttpContext context, GradingDesk desk, string sheet)
    {
        if (desk.Course.FindSheet(sheet) is null)
        {
            await NoSheet(context, sheet);
            return;
        }

        var form = await context.Request.ReadFormAsync();
        desk.Blind.RevealNames(sheet, Tutor(context), form[NameReveal.ShownField] == "yes");
        context.Response.Redirect(LocalPath(form[NameReveal.BackField]));
    }

    private static async Task NoReport(HttpContext context, GradingDesk desk, string sheet)
    {
        if (desk.Course.FindSheet(sheet) is null)
        {
            await NoSheet(context, sheet);
            return;
        }

        var (students, scores) = desk.Scoring.ZeroWithoutReport(sheet, Tutor(context));
        if (scores > 0)
        {
            _ = desk.Files.Request(sheet);
        }

        await Page(context, ServePages.Problem("No report → 0",
            $"{students} student(s) of the run handed in no written report; {scores} score(s) of 0 were given (scores already given stay).{(scores > 0 ? " The run's files are being written again in the background (the sheet's page says when they are)." : "")}",
            Tutor(context), Token(context)));
    }

    private static Task Feedback(HttpContext context, GradingDesk desk, string sheet)
    {
        if (desk.Course.FindSheet(sheet) is null)
        {
            return NoSheet(context, sheet);
        }

        try
        {
            var written = desk.Feedback.WriteFeedback(sheet);
            if (written is not null)
            {
                desk.Files.WrittenInFull(sheet);
            }

            return written is { } folder
                ? Page(context, ServePages.Done("Feedback written", $"Wrote the files of {folder} again with every score given so far.", Tutor(context), Token(context)))
                : Page(context, ServePages.Problem("No run", $"Sheet {sheet} has no recorded run whose folder is still that run's.", Tutor(context), Token(context)), StatusCodes.Status409Conflict);
        }
        catch (CourseFileException e)
        {
            return Page(context, ServePages.Problem("Not written", e.Message, Tutor(context), Token(context)), StatusCodes.Status409Conflict);
        }
    }
}
