using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;
using Grader.Web.Tests.Serve;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Courses;

/// <summary>
/// Issue 80, item 1's "done when" on the group course (three groups, two tutorials, ivy in none): after each of a score,
/// a regrade answer, a release and a withdrawal, every output shows every student the one grade the derivation gives
/// (<see cref="CourseGrades.Of"/>): gradebook.csv, gradebook-lms.csv and <c>semester export</c> (empty while a manual
/// item is pending), results.json, junit.xml, feedback.html and feedback.md, summary.md's row, and, while the sheet is
/// released, the student's page and the feedback it links, read over HTTP; while it is not, the student's page has no
/// sheet. Then the derivation's own inputs (issue 80): the released state, the group's regrade request and the comments
/// on the group's hand-in are in every member's model and in no one else's.
/// </summary>
public sealed partial class GroupCourseEndToEndTests
{
    private static readonly string[] Nine = ["ada", "bob", "cy", "dan", "eve", "fay", "gus", "hal", "ivy"];

    [Test]
    [Order(20)]
    public async Task After_a_score_every_output_of_every_student_agrees_with_the_one_grade()
    {
        var (_, desk, item) = Desk();
        using var __ = desk;
        var (app, tom, url) = await SignedIn(desk);
        await using var _ = app;
        using var ___ = tom;
        // g3's score on the item moves to a level it does not have now.
        var had = desk.Scoring.Audit(item, "g3").LastOrDefault()?.Points;
        var points = item.Levels.Select(l => l.Points).First(p => p != had);
        (await tom.ScoreAsync(item, P("g3"), points, "derive: after a score")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var model = await EveryOutputAgrees(desk, url, "a score");
        model["gus"].Report!.Find(item.Task.Id)!.Items.Single(i => i.Item.Id == item.Item.Id).Points.Should().Be(points, "the score is in the grade");
        model["gus"].After.Should().Be(model["hal"].After, "g3's two members have their group's grade");
    }

    [Test]
    [Order(21)]
    public async Task After_a_regrade_answer_every_output_of_every_student_agrees_and_every_member_sees_the_answer()
    {
        var (file, desk, _) = Desk();
        using var __ = desk;
        // An item of g2 no other test files a request on, scored first, then eve's request on it.
        var item = desk.Items("000").Last();
        desk.Scoring.Score(item, [("g2", desk.Scoring.Audit(item, "g2").LastOrDefault()?.Version ?? 0)], item.Levels[0].Points, "", "tom").Should().BeEmpty();
        new StudentDesk(desk).FileRegrade("eve", "000", item.Task.Id, item.Item.Id, "Please look at my derivation again.").Should().BeNull();
        var (app, tom, url) = await SignedIn(desk);
        await using var _ = app;
        using var ___ = tom;
        var request = desk.Locked(g => g.Regrades.Regrades("000")).Single(r => r.Open && r.Task == item.Task.Id && r.Item == item.Item.Id);
        var inbox = await tom.PageAsync(RegradeInboxPath);
        var form = inbox[inbox.IndexOf($"/regrades/{request.Id}\"", StringComparison.Ordinal)..];
        var seen = Regex.Match(form, "name=\"seen\" value=\"(\\d+)\"").Groups[1].Value;
        var answered = item.Levels[^1].Points;
        (await tom.PostAsync($"/sheet/000/regrades/{request.Id}", [(ServePages.TokenField, TutorClient.Token(inbox)), ("seen", seen), ("outcome", RegradeRequest.Changed),
            ("points", answered.ToString(CultureInfo.InvariantCulture)), ("reply", "You are right.")])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var model = await EveryOutputAgrees(desk, url, "a regrade answer");
        foreach (var member in new[] { "dan", "eve", "fay" })
        {
            model[member].Report!.Find(item.Task.Id)!.Items.Single(i => i.Item.Id == item.Item.Id).Points.Should().Be(answered, $"the answer's score is {member}'s");
            model[member].Regrades.Should().ContainSingle(r => r.Id == request.Id && r.Outcome == RegradeRequest.Changed, $"{member} sees the group's request with its answer");
        }

        model["ada"].Regrades.Should().NotContain(r => r.Id == request.Id, "another group's request is no one else's");
        model["ivy"].Regrades.Should().NotContain(r => r.Id == request.Id);
    }

    [Test]
    [Order(22)]
    public async Task After_a_release_and_a_withdrawal_every_output_of_every_student_agrees()
    {
        var (file, desk, item) = Desk();
        using var __ = desk;
        var (app, tom, url) = await SignedIn(desk);
        await using var _ = app;
        using var ___ = tom;
        foreach (var release in new[] { "withdraw", "release", "withdraw" })
        {
            var students = await tom.PageAsync(RegradeInboxPath);
            var wanted = release == "release";
            if (desk.Locked(g => g.Releases.IsReleased("000")) == wanted)
            {
                continue;
            }

            (await tom.PostAsync("/sheet/000/release", [(ServePages.TokenField, TutorClient.Token(students)), ("seen", ReleaseSeen(students)), ("release", release)])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            var model = await EveryOutputAgrees(desk, url, release == "release" ? "a release" : "a withdrawal");
            model.Values.Should().OnlyContain(t => t.Released == wanted, "the released state is the derivation's input");
        }

        // The pure function: the same stored state with the release taken out derives every sheet as not released.
        using var gradebook = CourseGradebook.Open(file.Gradebook);
        gradebook.Releases.Release("000", "derive-test", release: true).Should().BeTrue();
        var state = gradebook.Grades.Snapshot(file, CommonOptions.Catalog, null, null);
        CourseGrades.Of(file, CommonOptions.Catalog, state, null).Should().OnlyContain(t => t.Sheets.Single(s => s.Sheet == "000").Released);
        CourseGrades.Of(file, CommonOptions.Catalog, state with { Releases = new Dictionary<string, (string, string)>() }, null)
            .Should().OnlyContain(t => !t.Sheets.Single(s => s.Sheet == "000").Released, "the released state comes from the snapshot, nowhere else");
        gradebook.Releases.Release("000", "derive-test", release: false).Should().BeTrue();
    }

    [Test]
    [Order(23)]
    public void The_derivation_gives_every_member_the_groups_comments_and_requests_and_no_one_else()
    {
        var (file, desk, item) = Desk();
        using var __ = desk;
        var code = desk.Commenting.Document("000", "g1")!.Files.First(f => f.EndsWith(".cs", StringComparison.Ordinal));
        var id = desk.Commenting.AddComment("000", "g1", code, 2, "derive: a comment on g1's code", "tom");
        id.Should().BePositive();
        using var gradebook = CourseGradebook.Open(file.Gradebook);
        var whole = gradebook.Grades.Totals(file, CommonOptions.Catalog).ToDictionary(t => t.Student, t => t.Sheets.Single(s => s.Sheet == "000"));
        foreach (var student in Nine)
        {
            var mine = whole[student].Comments.Any(c => c.Id == id);
            mine.Should().Be(student is "ada" or "bob" or "cy", $"{student}'s model has g1's comments exactly when {student} is in g1");
            // One student's derivation (a student page's) is their row of the whole course's.
            var one = gradebook.Grades.Totals(file, CommonOptions.Catalog, student)!.Sheets.Single(s => s.Sheet == "000");
            (one.Handin, one.Comments.Select(c => c.Id), one.Regrades.Select(r => r.Id), one.After)
                .Should().BeEquivalentTo((whole[student].Handin, whole[student].Comments.Select(c => c.Id), whole[student].Regrades.Select(r => r.Id), whole[student].After),
                    o => o.WithStrictOrdering(), $"{student}'s own derivation is their row of the course's");
        }

        whole["dan"].Handin.Should().Be("g2");
        whole["ivy"].Handin.Should().Be("ivy", "ivy is in no group");
        gradebook.Comments.DeleteComment(id, "tom").Should().BeTrue();
    }

    private const string RegradeInboxPath = "/sheet/000/students";

    /// <summary>
    /// Waits for the desk's writes, then checks that every output shows each of the nine students the grade the
    /// derivation gives (read after the writes): the run's files from disk, <c>semester export</c>, and over HTTP each
    /// student's page and the feedback it links while the sheet is released (no sheet on the page while it is not).
    /// Returns the derivation's sheet 000 per student.
    /// </summary>
    private async Task<Dictionary<string, SheetTotal>> EveryOutputAgrees(GradingDesk desk, string url, string after)
    {
        await desk.Files.Written();
        var file = desk.Course;
        Dictionary<string, StudentTotals> totals;
        bool released;
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            totals = gradebook.Grades.Totals(file, CommonOptions.Catalog).ToDictionary(t => t.Student);
            released = gradebook.Releases.IsReleased("000");
        }

        totals.Keys.Should().BeEquivalentTo(Nine);
        var export = Path.Combine(_scratch.Root, "derive-export.csv");
        await Ok("semester", "export", "--course", _course, "--out", export);
        var exported = GradebookCsv.Rows(export).ToDictionary(r => r["Student"]);
        var rows = GradebookCsv.Rows(Path.Combine(_run, "gradebook.csv")).ToDictionary(r => r["student"]);
        var lms = GradebookCsv.Rows(Path.Combine(_run, "gradebook-lms.csv")).ToDictionary(r => r["Student"]);
        var junit = XDocument.Load(Path.Combine(_run, "junit.xml")).Root!;
        var summary = File.ReadAllText(Path.Combine(_run, "summary.md"));
        var tokens = Nine.ToDictionary(s => s, _ => TutorToken.New());
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Releases.SetStudentTokens(tokens.Select(t => (t.Key, TutorToken.Hash(t.Value))).ToArray(), "derive-test");
        }

        foreach (var student in Nine)
        {
            var sheet = totals[student].Sheets.Single(s => s.Sheet == "000");
            var grade = sheet.After;
            var because = $"after {after}, {student}'s grade is {grade}";
            Number(rows[student], "total").Should().BeApproximately(grade, 1e-4, $"gradebook.csv: {because}");
            var cell = totals[student].LmsRow().Points("000");
            foreach (var (what, shown) in new[] { ("gradebook-lms.csv", lms[student]["Sheet 000 (points)"]), ("semester export", exported[student]["Sheet 000 (points)"]) })
            {
                if (cell is { } points)
                {
                    double.Parse(shown, CultureInfo.InvariantCulture).Should().BeApproximately(points, 1e-4, $"{what}: {because}");
                }
                else
                {
                    shown.Should().BeEmpty($"{what}: a manual item is pending, {because}");
                }
            }

            Regex.Match(summary, $@"\| {student} \| [^|\n]+ \| [^|\n]+ \| ([0-9.]+) of ").Groups[1].Value.Should().NotBeEmpty($"summary.md has {student}'s row");
            double.Parse(Regex.Match(summary, $@"\| {student} \| [^|\n]+ \| [^|\n]+ \| ([0-9.]+) of ").Groups[1].Value, CultureInfo.InvariantCulture)
                .Should().BeApproximately(grade, 0.01, $"summary.md: {because}");
            if (sheet.Report is null)
            {
                grade.Should().Be(0, "ivy handed nothing in");
                continue;
            }

            var folder = ResultStore.StudentFolderIn(_run, student);
            using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json"))))
            {
                results.RootElement.GetProperty("score").GetDouble().Should().BeApproximately(grade, 1e-4, $"results.json: {because}");
            }

            double.Parse(junit.Elements("testsuite").Single(s => (string?)s.Attribute("name") == student).Descendants("property")
                .Single(p => (string?)p.Attribute("name") == "score").Attribute("value")!.Value, CultureInfo.InvariantCulture).Should().BeApproximately(grade, 1e-4, $"junit.xml: {because}");
            var html = File.ReadAllText(Path.Combine(folder, HandinFeedback.HtmlFile));
            Number(FileTotal().Match(html), $"{student}'s feedback.html").Should().BeApproximately(grade, 0.01, $"feedback.html: {because}");
            File.ReadAllText(Path.Combine(folder, "feedback.md")).Should().Contain($"**{PointsText.Shown(grade)} / ", $"feedback.md: {because}");

            using var client = new TutorClient(url);
            var signIn = await client.PageAsync(StudentRoutes.SignInPath);
            (await client.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(signIn)), ("token", tokens[student])])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            using var page = await client.GetAsync(StudentPages.SheetPath("000"));
            if (!released)
            {
                page.StatusCode.Should().NotBe(HttpStatusCode.OK, $"the sheet is not released: {student}'s page has no sheet 000");
                continue;
            }

            var text = await page.Content.ReadAsStringAsync();
            Number(Grade().Match(text), $"{student}'s page").Should().BeApproximately(grade, 0.01, $"the student's page: {because}");
            var feedback = await client.PageAsync(StudentPages.SheetPath("000") + "/feedback");
            Number(FileTotal().Match(feedback), $"{student}'s served feedback").Should().BeApproximately(grade, 0.01, $"the feedback the page links: {because}");
        }

        return totals.ToDictionary(t => t.Key, t => t.Value.Sheets.Single(s => s.Sheet == "000"));
    }
}
