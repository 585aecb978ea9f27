using System.Net;
using System.Text.RegularExpressions;
using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Tests.Serve;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Courses;

/// <summary>
/// Issue 80, item 1 on the tutors' side of the group course: who scored an item and its version are in the one
/// derivation's model (<see cref="SheetTotal.Scores"/>), and the tutors' pages read them there. After tess (a second tutor) scores g2's
/// item, tom's regrade inbox (dan's request on it), tom's code and report page of g2 and tom's grading page show the new
/// score, "by tess" and its version, each as the model gives it to dan, eve and fay; tom's answer sent from the inbox he
/// read before tess's score is refused showing the standing value, and his answer against the version shown is every
/// member's new score, by tom, one version on. The run's own record and one hand-in's check (no gradebook) are the same
/// derivation on the one run (<see cref="RecordedRun.Grades"/>).
/// </summary>
public sealed partial class GroupCourseEndToEndTests
{
    [Test]
    [Order(25)]
    public async Task After_tesss_score_toms_inbox_code_page_and_grading_page_show_the_score_its_scorer_and_version_of_the_model()
    {
        var (file, desk, _) = Desk();
        using var __ = desk;
        // An item no other test of the class scores or files a request on: task 3a's second manual item, else another task's first.
        var items = desk.Items("000");
        var item = items.Where(i => i != items[^1] && i.Task.Id != "000/3a/loss-functions").First();
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Regrades.FileRegrade("dan", "000", item.Task.Id, item.Item.Id, "routes: please look at it again", ["dan", "eve", "fay"]).Should().BeTrue();
        }

        var request = desk.Locked(g => g.Regrades.Regrades("000")).Single(r => r.Open && r.Task == item.Task.Id && r.Item == item.Item.Id);
        var (app, tom, url) = await SignedIn(desk);
        await using var _ = app;
        using var ___ = tom;
        var before = await tom.PageAsync(RegradeInboxPath);

        // tess (another tutor, added for this test) scores g2's item with a level it does not have now (replacing, on purpose, whoever's score stands).
        var token = (await Ok("serve", "tutor", "add", "tess", "--course", _course)).Trim().Split('\n')[^1].Trim();
        using var tess = new TutorClient(url);
        (await tess.SignInAsync(token)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var had = desk.Scoring.Audit(item, "g2").LastOrDefault();
        var points = item.Levels.Select(l => l.Points).First(p => p != had?.Points);
        var page = await tess.PageAsync(item.Path);
        var fields = new List<(string, string)> { (ServePages.TokenField, TutorClient.Token(page)), ("at", "0"), ("points", Csv.Number(points)), ("comment", "routes: tess's score"), ("replace", "yes") };
        fields.AddRange(HiddenField().Matches(TutorClient.Section(page, "g2")).Where(m => m.Groups[1].Value is "student" or "seen").Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))));
        (await tess.PostAsync($"{item.Path}/score", fields)).StatusCode.Should().Be(HttpStatusCode.Redirect, "tess's score is taken");
        var version = (had?.Version ?? 0) + 1;

        // The model: every member of g2 has the score, its scorer and its version; no one else has g2's.
        var model = ModelOf(file);
        foreach (var member in new[] { "dan", "eve", "fay" })
        {
            var scored = model[member].Scored(item.Task.Id, item.Item.Id);
            scored.Should().NotBeNull($"{member}'s model has g2's score");
            (scored!.Student, scored.Points, scored.Tutor, scored.Version).Should().Be(("g2", points, "tess", version), $"{member}'s model carries who scored g2's item and its version");
            model[member].Report!.Find(item.Task.Id)!.Items.Single(i => i.Item.Id == item.Item.Id).Points.Should().Be(points, "the score in the model is the one in the grade");
        }

        model["ada"].Scored(item.Task.Id, item.Item.Id)?.Student.Should().NotBe("g2", "g1's members have g1's scores");
        model["ivy"].Scores.Should().BeEmpty("ivy handed nothing in and has no score");

        // tom's three pages read it from the model.
        var inbox = await tom.PageAsync(RegradeInboxPath);
        var shown = RequestSection(inbox, request.Id);
        WebUtility.HtmlDecode(shown).Should().Contain($"Score now: {Csv.Number(points)} by tess", "the inbox shows the group's standing score and its scorer");
        Seen(shown).Should().Be(version.ToString(CultureInfo.InvariantCulture), "the inbox's answer form carries the standing score's version");

        var code = WebUtility.HtmlDecode(await tom.PageAsync(Grader.Web.Comments.CodePage.PathOf("000", P("g2"))));
        var listed = Regex.Match(code, $"<li data-item=\"{Regex.Escape($"{item.Task.Id} · {item.Item.Id}")}\">(.*?)</li>").Groups[1].Value;
        listed.Should().Contain($"<span class=\"score\">{Csv.Number(points)}</span>", "the code and report page shows the standing score").And.Contain("by tess").And.Contain($"(version {version})");

        var grading = TutorClient.Section(await tom.PageAsync(item.Path), "g2");
        WebUtility.HtmlDecode(grading).Should().Contain($"<span class=\"score\">{Csv.Number(points)}</span> by tess").And.Contain($"(version {version})", "the grading page shows the score, its scorer and version");
        Seen(grading).Should().Be(version.ToString(CultureInfo.InvariantCulture), "and its form sends that version back");

        // tom answers from the inbox he read before tess's score: refused, the standing value shown, his reply kept.
        var old = Seen(RequestSection(before, request.Id));
        old.Should().NotBe(version.ToString(CultureInfo.InvariantCulture));
        var answer = item.Levels.Select(l => l.Points).First(p => p != points);
        using var refused = await tom.PostAsync($"/sheet/000/regrades/{request.Id}", [(ServePages.TokenField, TutorClient.Token(before)), ("seen", old), ("outcome", RegradeRequest.Changed),
            ("points", Csv.Number(answer)), ("reply", "routes: an answer from an old page")]);
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict, "the score changed since tom's page was read");
        var again = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        RequestSection(again, request.Id).Should().Contain($"Score now: {Csv.Number(points)} by tess").And.Contain("routes: an answer from an old page");

        // Against the version shown, the answer is every member's new score, by tom, one version on.
        (await tom.PostAsync($"/sheet/000/regrades/{request.Id}", [(ServePages.TokenField, TutorClient.Token(again)), ("seen", Seen(RequestSection(again, request.Id))), ("outcome", RegradeRequest.Changed),
            ("points", Csv.Number(answer)), ("reply", "routes: answered")])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        model = ModelOf(file);
        foreach (var member in new[] { "dan", "eve", "fay" })
        {
            var scored = model[member].Scored(item.Task.Id, item.Item.Id)!;
            (scored.Points, scored.Tutor, scored.Version).Should().Be((answer, "tom", version + 1), $"{member}'s model has the answer's score");
            model[member].Regrades.Should().ContainSingle(r => r.Id == request.Id && r.Outcome == RegradeRequest.Changed);
        }

        RequestSection(WebUtility.HtmlDecode(await tom.PageAsync(RegradeInboxPath)), request.Id).Should().Contain($"Score now: {Csv.Number(answer)} by tom");
        await desk.Files.Written();
    }

    [Test]
    [Order(26)]
    public void A_run_without_a_gradebook_is_graded_by_the_one_derivation_on_the_run_alone()
    {
        var recorded = RecordedRun.Load(_run, CommonOptions.Catalog, _course);
        SheetItem item;
        using (var desk = Desk().Desk)
        {
            item = desk.Items("000")[0];
        }

        // A rubric CSV's score of g1 (the run's own manual scores) and none of the others.
        IReadOnlyList<ManualScore> manual = [new ManualScore("g1", item.Task.Id, item.Item.Id, item.Levels[^1].Points, "rubric")];
        var derived = RecordedRun.Grades(recorded.Config, recorded.Records, manual);
        var direct = recorded.Records.Select(r => r.ToReport(recorded.Config, new ManualGrades(manual))).OrderBy(r => r.Student, StringComparer.Ordinal).ToArray();
        derived.Select(r => r.Student).Should().Equal(direct.Select(r => r.Student), "every hand-in of the run, in student order");
        for (int i = 0; i < direct.Length; i++)
        {
            (derived[i].Total, derived[i].ManualTotal, derived[i].ManualPending, derived[i].Late.Count).Should().Be((direct[i].Total, direct[i].ManualTotal, direct[i].ManualPending, 0), $"{direct[i].Student}: the run's own function, no deadline");
            TextReport.Render(derived[i], tutor: true).Should().Be(TextReport.Render(direct[i], tutor: true), $"{direct[i].Student}'s report is the run's own");
        }

        derived.Single(r => r.Student == "g1").Find(item.Task.Id)!.Items.Single(i => i.Item.Id == item.Item.Id).Points.Should().Be(item.Levels[^1].Points, "the run's manual score is in the grade");
        derived.Single(r => r.Student == "g2").Find(item.Task.Id)!.Items.Single(i => i.Item.Id == item.Item.Id).Pending.Should().BeTrue("a score of g1 is no one else's");
        recorded.Summary().Handins.Select(h => h.Total).Should().Equal(RecordedRun.Grades(recorded.Config, recorded.Records, recorded.File.Manual).Select(r => r.Total), "the run's own summary is that derivation");
    }

    /// <summary>The derivation's sheet 000 of every student, read now.</summary>
    private static Dictionary<string, SheetTotal> ModelOf(CourseFile file)
    {
        using var gradebook = CourseGradebook.Open(file.Gradebook);
        return gradebook.Grades.Totals(file, CommonOptions.Catalog).ToDictionary(t => t.Student, t => t.Sheets.Single(s => s.Sheet == "000"));
    }

    /// <summary>The inbox's section of request <paramref name="id"/>.</summary>
    private static string RequestSection(string page, long id)
    {
        var at = page.IndexOf($"id=\"r{id}\"", StringComparison.Ordinal);
        at.Should().BePositive($"the inbox lists request {id}");
        return page[at..page.IndexOf("</section>", at, StringComparison.Ordinal)];
    }

    /// <summary>The version a form of <paramref name="section"/> carries.</summary>
    private static string Seen(string section) => Regex.Match(section, "name=\"seen\" value=\"(\\d+)\"").Groups[1].Value;

    [GeneratedRegex("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
