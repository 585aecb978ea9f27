using System.Net;
using System.Text.RegularExpressions;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;
using Grader.Web.Tests.Serve;

namespace Grader.Web.Tests.Courses;

/// <summary>
/// Issue 80, item 1: the tutors' pages that read stores of their own before (the sheet's items page and its progress per
/// tutorial, the statistics, an item's audit page of a hand-in, the inbox's release state) render from the one
/// derivation, so after each of a score, a regrade answer, a release and a withdrawal each agrees with the grading page
/// (each hand-in's standing score, "N of M scored") and with the model (<see cref="CourseGrades.Of"/>). The course holds
/// a score given to dan by his name (as <c>semester score</c> before the groups were set would): no grade counts it (dan's
/// hand-in is g2's), and a page that counted the store's scores of the item would show it.
/// </summary>
public sealed partial class GroupCourseEndToEndTests
{
    private static readonly string[] ThreeHandins = ["g1", "g2", "g3"];

    [Test]
    [Order(24)]
    public async Task After_a_score_a_regrade_answer_a_release_and_a_withdrawal_every_tutor_page_agrees_with_the_grading_page()
    {
        var (file, desk, item) = Desk();
        using var __ = desk;
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            // A score of the item stored under dan's own name: no hand-in of the run is dan's, so it is in no grade.
            gradebook.Scores.Score([("dan", gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).GetValueOrDefault("dan")?.Version ?? 0)], item.Task.Id, item.Item.Id, item.Levels[^1].Points, "", "semester score").Should().BeEmpty();
        }

        var (app, tom, url) = await SignedIn(desk);
        await using var _ = app;
        using var ___ = tom;

        // A score: g3's item moves to a level it does not have now.
        var had = desk.Scoring.Audit(item, "g3").LastOrDefault()?.Points;
        var points = item.Levels.Select(l => l.Points).First(p => p != had);
        (await tom.ScoreAsync(item, P("g3"), points, "reads: after a score")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await PagesAgree(desk, tom, item, "a score"))["g3"].Should().Be((points, "tom", (desk.Scoring.Audit(item, "g3")[^1].Version)), "the grading page shows the score");

        // A release (students file requests only on a released sheet), from the inbox's form.
        await ReleaseFromInbox(desk, tom, "release");
        await PagesAgree(desk, tom, item, "a release");

        // A regrade answer: gus (of g3) asks, tom gives a new score from the inbox.
        new StudentDesk(desk).FileRegrade("gus", "000", item.Task.Id, item.Item.Id, "reads: please look again").Should().BeNull();
        var request = desk.Locked(g => g.Regrades.Regrades("000")).Single(r => r.Open && r.Student == "gus" && r.Task == item.Task.Id && r.Item == item.Item.Id);
        var inbox = await tom.PageAsync(RegradeInboxPath);
        var answered = item.Levels.Select(l => l.Points).First(p => p != points);
        (await tom.PostAsync($"/sheet/000/regrades/{request.Id}", [(ServePages.TokenField, TutorClient.Token(inbox)), ("seen", Seen(RequestSection(inbox, request.Id))), ("outcome", RegradeRequest.Changed),
            ("points", Csv.Number(answered)), ("reply", "reads: answered")])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await PagesAgree(desk, tom, item, "a regrade answer"))["g3"].Points.Should().Be(answered, "the answer's score stands");

        // A withdrawal.
        await ReleaseFromInbox(desk, tom, "withdraw");
        await PagesAgree(desk, tom, item, "a withdrawal");
        await desk.Files.Written();
    }

    /// <summary>Releases or withdraws sheet 000 with the inbox's form; when it is so already (an earlier test's state), the other first, so the event itself happens.</summary>
    private static async Task ReleaseFromInbox(GradingDesk desk, TutorClient tom, string release)
    {
        foreach (var step in desk.Locked(g => g.Releases.IsReleased("000")) == (release == "release") ? [release == "release" ? "withdraw" : "release", release] : new[] { release })
        {
            var students = await tom.PageAsync(RegradeInboxPath);
            (await tom.PostAsync("/sheet/000/release", [(ServePages.TokenField, TutorClient.Token(students)), ("seen", ReleaseSeen(students)), ("release", step)])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        }
    }

    /// <summary>
    /// Reads the grading page of <paramref name="item"/> and checks every page that shows the same against it and the
    /// model read now: the items page's row of the item, the progress per tutorial, the statistics' row (scored, levels,
    /// each tutor's count, changed after a regrade), each hand-in's audit page and the inbox's release state. Returns each
    /// hand-in's score as the grading page shows it (points, tutor, version; NaN points while not scored).
    /// </summary>
    private async Task<Dictionary<string, (double Points, string Tutor, long Version)>> PagesAgree(GradingDesk desk, TutorClient tom, SheetItem item, string after)
    {
        var model = ModelOf(desk.Course);
        var grading = await tom.PageAsync(item.Path);
        var shown = new Dictionary<string, (double Points, string Tutor, long Version)>(StringComparer.Ordinal);
        foreach (Match row in StudentRow().Matches(grading))
        {
            var handin = ThreeHandins.Single(h => P(h) == row.Groups[1].Value);
            var score = ShownScore().Match(row.Groups[2].Value);
            shown[handin] = score.Success
                ? (double.Parse(score.Groups[1].Value, CultureInfo.InvariantCulture), score.Groups[2].Value, long.Parse(score.Groups[3].Value, CultureInfo.InvariantCulture))
                : (double.NaN, "", 0);
        }

        shown.Keys.Should().BeEquivalentTo(ThreeHandins, $"after {after}, the grading page lists the run's three hand-ins");
        foreach (var (handin, member) in new[] { ("g1", "ada"), ("g2", "dan"), ("g3", "gus") })
        {
            var standing = model[member].Scored(item.Task.Id, item.Item.Id);
            (standing is null ? (double.NaN, "", 0L) : (standing.Points, standing.Tutor, standing.Version)).Should().Be(shown[handin], $"after {after}, the grading page shows {handin}'s score as the model has it");
        }

        var scored = shown.Values.Count(s => !double.IsNaN(s.Points));
        var progress = ProgressLine().Match(grading);
        (progress.Groups[1].Value, progress.Groups[2].Value).Should().Be((scored.ToString(CultureInfo.InvariantCulture), "3"), $"after {after}, the grading page counts its scores");

        // The items page: the item's row, and each tutorial's hand-ins and scores over every item as the model has them.
        var sheet = await tom.PageAsync("/sheet/000");
        Regex.Match(sheet, $"<a href=\"{Regex.Escape(item.Path)}\">.*?<td class=\"progress\">(\\d+ of \\d+) scored</td>").Groups[1].Value.Should().Be($"{scored} of 3", $"after {after}, the items page counts what the grading page shows");
        var items = desk.Items("000");
        var tutorials = TutorialRow().Matches(sheet).ToDictionary(m => m.Groups[1].Value, m => $"{m.Groups[2].Value}: {m.Groups[3].Value} of {m.Groups[4].Value}", StringComparer.Ordinal);
        foreach (var (tutorial, handins) in new[] { ("mon", new[] { "ada", "dan" }), ("tue", new[] { "gus" }) })
        {
            var done = handins.Sum(m => items.Count(i => model[m].Scored(i.Task.Id, i.Item.Id) is not null));
            tutorials.GetValueOrDefault(tutorial).Should().Be($"{handins.Length}: {done} of {handins.Length * items.Count}", $"after {after}, tutorial {tutorial}'s progress is the model's (one hand-in per group)");
        }

        // The statistics: the item's row counts the standing scores of the three hand-ins, a group's once.
        var statistics = await tom.PageAsync("/sheet/000/statistics");
        statistics.Should().Contain("id=\"counted\"", "the page says how a group is counted");
        var cells = Regex.Match(statistics, $"<tr data-item=\"{item.Index}\">(.*?)</tr>").Groups[1].Value;
        Regex.Match(cells, "<td>(\\d+ of \\d+)</td>").Groups[1].Value.Should().Be($"{scored} of 3", $"after {after}, the statistics count what the grading page shows");
        var levels = Regex.Match(cells, "<td class=\"levels\">(.*?)</td>").Groups[1].Value;
        foreach (var level in item.Levels)
        {
            var count = shown.Values.Count(s => Math.Abs(s.Points - level.Points) < 1e-9);
            levels.Split("<br>").Should().Contain($"{Csv.Number(level.Points)}: {count}", $"after {after}, level {level.Points} has the grading page's count");
        }

        foreach (var tutor in shown.Values.Where(s => s.Tutor.Length > 0).GroupBy(s => s.Tutor))
        {
            cells.Should().Contain($"data-tutor=\"{tutor.Key}\">{tutor.Key}: <span class=\"count\">{tutor.Count()}</span>", $"after {after}, {tutor.Key}'s count is the grading page's");
        }

        var changed = model.Values.SelectMany(t => t.Regrades).DistinctBy(r => r.Id).Count(r => r.Outcome == RegradeRequest.Changed && r.Task == item.Task.Id && r.Item == item.Item.Id);
        cells.Should().EndWith($"<td>{changed}</td>", $"after {after}, the requests answered with a new score are the model's");

        // Each hand-in's audit page: the score standing in the grade is the grading page's.
        foreach (var handin in ThreeHandins)
        {
            var audit = WebUtility.HtmlDecode(await tom.PageAsync($"{item.Path}/audit/{P(handin)}"));
            var (points, tutor, version) = shown[handin];
            Regex.Match(audit, "id=\"standing\">(.*?)</p>").Groups[1].Value.Should().Be(double.IsNaN(points) ? "In the grade: not scored yet (the item is pending)."
                : $"In the grade: {Csv.Number(points)} by {tutor} (version {version}).", $"after {after}, {handin}'s audit page shows the standing score of the grading page");
        }

        // The inbox's release state is the model's (what the students' pages show).
        var released = model.Values.Select(t => t.Released).Distinct().Should().ContainSingle().Subject;
        Regex.Match(await tom.PageAsync(RegradeInboxPath), "id=\"release-state\">(Released to students|Not released)").Groups[1].Value
            .Should().Be(released ? "Released to students" : "Not released", $"after {after}, the inbox says what the model says");
        return shown;
    }

    [GeneratedRegex("<tr data-student=\"([^\"]+)\">(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex StudentRow();

    [GeneratedRegex("<span class=\"score\">([^<]+)</span> by ([^ <]*) <span class=\"when\">[^<]*</span> \\(version (\\d+)\\)")]
    private static partial Regex ShownScore();

    [GeneratedRegex("id=\"progress\">(\\d+) of (\\d+) scored")]
    private static partial Regex ProgressLine();

    [GeneratedRegex("data-tutorial=\"(\\w*)\"><td>[^<]*</td><td>(\\d+)</td><td class=\"progress\">(\\d+) of (\\d+) scored</td>")]
    private static partial Regex TutorialRow();
}
