using System.Net;
using Grader.Checks.Courses;
using Grader.Grading.Courses;
using Grader.Grading.Groups;
using Grader.Semester;
using Grader.Grading.Reports;
using Grader.Web;
using Grader.Web.Students;
using Grader.Web.Tests.Serve;
using Microsoft.Playwright;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Courses;

/// <summary>
/// Issue 68's "done when": a course of nine students in three groups and two tutorials (Heidelberg's sheet 000, only its
/// two cheapest tasks' checks run) graded once: g1 hands in the correct example (every point of the run), g2 the mse-sum
/// mutant (its hidden check fails, so it loses exactly task 3a's automatic points), g3 the correct example with a members.txt that names
/// ada of g1 and "Hal Halvorsen" (a name as students write it); ivy, in no group, hands in nothing. Every output has nine student rows with those points, the LMS file's
/// Section is the tutorial, and the conflict is in summary.md and on the grading page. In Chromium, the tutor of "mon"
/// (the course file's) and of "tue" (<c>serve tutor add --tutorial</c>) each see their own groups first, and one score
/// of g1's manual item reaches ada, bob and cy in gradebook-lms.csv. The three hand-ins are graded once for all tests.
/// </summary>
[NonParallelizable]
public sealed partial class GroupCourseEndToEndTests
{
    /// <summary>GroupCourse's semester, but no tutor in the course file covers "tue": tina gets it with <c>serve tutor add --tutorial</c>.</summary>
    private static readonly string Semester = GroupCourse.Semester.Replace("tutors = [\"tina\"]", "tutors = []", StringComparison.Ordinal);

    private static readonly string[] Quickies = ["QuickieRegressionLoss.cs", "QuickieClassificationLoss.cs", "QuickieVaeLoss.cs", "QuickieGanLoss.cs", "QuickieFlowLoss.cs"];

    private Scratch _scratch = null!;
    private string _course = null!;
    private string _run = null!;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _scratch = new Scratch();
        _course = Path.Combine(_scratch.Root, "course.toml");
        File.WriteAllText(_course, EditedCourse.Shipped("heidelberg-ml4physics-2023.toml").Replace("\ntotal = 21\n", "\ntotal = 21\ndeadline = 2099-11-13T12:00:00+01:00\n", StringComparison.Ordinal) + Semester);
        var correct = Example("Quickies/Correct", Quickies);
        Write(Path.Combine(_scratch.Handins, "g1"), correct);
        Write(Path.Combine(_scratch.Handins, "g2"), new Dictionary<string, string>(correct) { ["QuickieRegressionLoss.cs"] = Mutant("QuickieRegressionLoss.cs") });
        Write(Path.Combine(_scratch.Handins, "g3"), new Dictionary<string, string>(correct) { [MembersFile.FileName] = MembersText });
        _run = Path.Combine(_scratch.Root, "run000");
        var (code, text, error) = await Run(["grade", _scratch.Handins, "--out", _run, "--sheet", "000", "--course", _course, "--snapshots", TestSettings.Snapshots, "--plain", "--jobs", "2", "--seed", "68", .. SkipAllBut("000", Cheap000)]);
        code.Should().Be(ExitCodes.Done, text + error);
        await Ok("semester", "record", _run, "--course", _course);
        foreach (var (tutor, tutorial) in new[] { ("tom", (string?)null), ("tina", "tue") })
        {
            var added = await Ok(["serve", "tutor", "add", tutor, "--course", _course, .. tutorial is null ? Array.Empty<string>() : ["--tutorial", tutorial]]);
            _tokens[tutor] = added.Trim().Split('\n')[^1].Trim();
        }
    }

    [OneTimeTearDown]
    public void TearDown() => _scratch?.Dispose();

    [Test]
    [Order(1)]
    public void Every_output_has_nine_student_rows_with_the_group_points_and_the_tutorial_as_section()
    {
        var tasks = CourseOfFile.Load(_course, CommonOptions.Catalog).Catalog.TasksOf("000").ToDictionary(t => t.Id);
        var losses = tasks["000/3a/loss-functions"];
        var mutant = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Mutants", "mse-sum", "mutant.json"));
        mutant.Should().Contain("\"check\": \"quickies.heidelberg.regression-loss-matches\"");
        losses.Checks.Single(c => c.Check.Id == "quickies.heidelberg.regression-loss-matches").Visibility.Should().Be(Visibility.Hidden,
            "a failed hidden check withholds all of its task's automatic points (TaskResult.WithheldBy)");
        var lost = losses.AutoPoints;
        lost.Should().BeGreaterThan(0);

        var rows = GradebookCsv.Rows(Path.Combine(_run, "gradebook.csv"));
        rows.Select(r => r["student"]).Should().Equal("ada", "bob", "cy", "dan", "eve", "fay", "gus", "hal", "ivy");
        foreach (var student in new[] { "ada", "bob", "cy", "gus", "hal" })
        {
            var row = rows.Single(r => r["student"] == student);
            row["status"].Should().Be("graded");
            Number(row, "000/3a/loss-functions auto").Should().BeApproximately(losses.AutoPoints, 1e-9, $"{student}'s group handed in the correct example");
            Number(row, "000/3e/generative-losses auto").Should().BeApproximately(tasks["000/3e/generative-losses"].AutoPoints, 1e-9);
        }

        var full = Number(rows[0], "auto total");
        foreach (var student in new[] { "dan", "eve", "fay" })
        {
            var row = rows.Single(r => r["student"] == student);
            row["status"].Should().Be("graded");
            Number(row, "000/3a/loss-functions auto").Should().BeApproximately(losses.AutoPoints - lost, 1e-9, "g2's regression loss sums instead of averaging: task 3a's automatic points are lost");
            Number(row, "000/3e/generative-losses auto").Should().BeApproximately(tasks["000/3e/generative-losses"].AutoPoints, 1e-9);
            Number(row, "auto total").Should().BeApproximately(full - lost, 1e-9, "nothing else is lost");
        }

        var ivy = rows.Single(r => r["student"] == "ivy");
        (ivy["status"], ivy["total"], ivy["note"]).Should().Be(("refused", "0", GroupRows.NotHandedIn));

        var lms = GradebookCsv.Rows(Path.Combine(_run, "gradebook-lms.csv"));
        lms.Select(r => $"{r["Student"]}:{r["Section"]}").Should().Equal("ada:mon", "bob:mon", "cy:mon", "dan:mon", "eve:mon", "fay:mon", "gus:tue", "hal:tue", "ivy:tue");

        var summary = File.ReadAllText(Path.Combine(_run, "summary.md"));
        summary.Should().Contain("the members.txt of group g3 differs from the course's group (gus, hal): it names \"ada\" (of group g1), \"Hal Halvorsen\", who are not in the group");
        var byTutorial = summary[summary.IndexOf("## By tutorial", StringComparison.Ordinal)..];
        byTutorial = byTutorial[..byTutorial.IndexOf("\n## ", StringComparison.Ordinal)];
        var mon = byTutorial[byTutorial.IndexOf("### Tutorial mon (tutors: tom)", StringComparison.Ordinal)..byTutorial.IndexOf("### Tutorial tue", StringComparison.Ordinal)];
        var tue = byTutorial[byTutorial.IndexOf("### Tutorial tue", StringComparison.Ordinal)..];
        foreach (var student in new[] { "ada", "bob", "cy", "dan", "eve", "fay" })
        {
            mon.Should().Contain($"| {student} | g").And.NotContain("| ivy |");
        }

        var max = rows[0]["max"];
        tue.Should().Contain($"| gus | g3 | graded | {rows.Single(r => r["student"] == "gus")["total"]} of {max} |")
            .And.Contain("| hal | g3 | graded |").And.Contain($"| ivy | – | not handed in | 0 of {max} |").And.NotContain("| ada |");
        mon.Should().Contain($"| dan | g2 | graded | {rows.Single(r => r["student"] == "dan")["total"]} of {max} |");
    }

    [Test]
    [Order(2)]
    public async Task Tutors_of_two_tutorials_see_their_groups_first_and_one_score_reaches_every_member()
    {
        var chromium = ServeBrowserTests.Find();
        var file = CourseFile.Load(_course, CommonOptions.Catalog);
        using var desk = new GradingDesk(file, CommonOptions.Catalog);
        desk.Tutorials.TutorialsOf("tom").Should().Equal(["mon"], "the course file names tom for mon");
        desk.Tutorials.TutorialsOf("tina").Should().Equal(["tue"], "serve tutor add --tutorial tue");
        var (item, app, url) = await ServeG1ButLossesAsync(desk);
        await using var _ = app;
        var items = desk.Items("000");
        GradebookCsv.Rows(Path.Combine(_run, "gradebook-lms.csv")).Single(r => r["Student"] == "ada")["Sheet 000 (points)"].Should().BeEmpty("a manual item of ada's group is still pending");

        await using var browser = await SharedChromium.SessionAsync(chromium);
        async Task<IPage> SignIn(string tutor)
        {
            var page = await (await browser.NewContextAsync()).NewPageAsync();
            await page.GotoAsync(url + "/signin");
            await page.FillAsync("input[name=token]", _tokens[tutor]);
            await ServeBrowserTests.Navigate(page, () => page.ClickAsync("form.signin button"), 200);
            (await page.GotoAsync(url + item.Path))!.Status.Should().Be(200);
            return page;
        }

        async Task<string[]> Order(IPage page) =>
            [.. (await page.Locator("section.group").AllAsync()).Select(s => s.GetAttributeAsync("data-students").Result!)];

        var tom = await SignIn("tom");
        var tina = await SignIn("tina");
        var tomOrder = await Order(tom);
        tomOrder.Should().HaveCount(3, "one answer per group hand-in");
        tomOrder[..2].Should().BeEquivalentTo([P("g1"), P("g2")], "tom's tutorial mon holds g1 and g2");
        tomOrder[2].Should().Be(P("g3"));
        (await tom.TextContentAsync("#tutorials")).Should().Be("Your tutorials (mon) first: answers 1–2; the other tutorials' from answer 3 on.");
        var tinaOrder = await Order(tina);
        tinaOrder[0].Should().Be(P("g3"), "tina's tutorial tue holds g3");
        tinaOrder[1..].Should().BeEquivalentTo([P("g1"), P("g2")]);

        var g1 = tom.Locator($"section.group[data-students=\"{P("g1")}\"]");
        (await g1.Locator(".members").TextContentAsync()).Should().Be($"group of {P("ada")}, {P("bob")}, {P("cy")}", "a group hand-in is shown with its members, blind");
        var g3 = tom.Locator($"section.group[data-students=\"{P("g3")}\"]");
        (await g3.Locator(".problems li").AllTextContentsAsync()).Should().Contain(
            $"the members.txt of group {P("g3")} differs from the course's group ({P("gus")}, {P("hal")}): it names \"{P("ada")}\" (of group {P("g1")}), \"{SheetNaming.HeldBack}\", who are not in the group; the course's group is graded, so check with the students.",
            "the conflict summary.md lists, with names hidden as every name on the page");
        (await tom.ContentAsync()).Should().NotContain("\"ada\"").And.NotContain("group of ada");

        // tom scores g1 once with the item's full points.
        var full = item.Levels[0].Points;
        await ServeBrowserTests.Navigate(tom, () => g1.Locator($".levels button[value=\"{Csv.Number(full)}\"]").ClickAsync(), 200);
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).Keys.Should().Equal(["g1"], "one score, given to the group's hand-in");
        }

        await desk.Files.Written();
        var rows = GradebookCsv.Rows(Path.Combine(_run, "gradebook.csv")).ToDictionary(r => r["student"]);
        var lms = GradebookCsv.Rows(Path.Combine(_run, "gradebook-lms.csv")).ToDictionary(r => r["Student"]);
        foreach (var member in new[] { "ada", "bob", "cy" })
        {
            Number(rows[member], $"{item.Task.Id} manual").Should().BeGreaterThanOrEqualTo(full);
            lms[member]["Sheet 000 (points)"].Should().Be(rows["ada"]["total"], $"{member} gets g1's score").And.NotBeEmpty();
        }

        lms["dan"]["Sheet 000 (points)"].Should().BeEmpty("g2's manual items are pending");

        // bob asks for a regrade of the item; tom's new score is the group's, so ada, bob and cy all get it.
        var lower = item.Levels[1].Points;
        long request;
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Regrades.FileRegrade("bob", "000", item.Task.Id, item.Item.Id, "we explained the batch mean").Should().BeTrue();
            request = gradebook.Regrades.Regrades("000", "bob").Single().Id;
        }

        await tom.GotoAsync(url + "/sheet/000/students");
        (await tom.TextContentAsync($"#r{request}")).Should().Contain($"Score now: {Csv.Number(full)} by tom", "bob's score is his group's");
        (await tom.GetAttributeAsync($"#r{request} a[href$='/feedback']", "href")).Should().Be($"/sheet/000/student/{P("g1")}/feedback", "bob's hand-in is his group's, linked by its pseudonym (issue 80)");
        await tom.FillAsync($"#r{request} input[name=points]", Csv.Number(lower));
        await ServeBrowserTests.Navigate(tom, () => tom.ClickAsync($"#r{request} button[value=changed]"), 200);
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            var scores = gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id);
            scores.Keys.Should().Equal(["g1"], "the regrade changed the group's score, not one of bob's own");
            scores["g1"].Points.Should().Be(lower);
        }

        await desk.Files.Written();
        File.ReadAllText(Path.Combine(_run, "summary.md")).Should().NotContain("Manual scores that matched nothing", "g1's scores count in its members' rows (issue 80)");
        var regraded = GradebookCsv.Rows(Path.Combine(_run, "gradebook-lms.csv")).ToDictionary(r => r["Student"]);
        var totals = new[] { "ada", "bob", "cy" }.Select(m => regraded[m]["Sheet 000 (points)"]).ToArray();
        totals.Distinct().Should().ContainSingle().Which.Should().Be(Csv.Number(double.Parse(lms["ada"]["Sheet 000 (points)"], CultureInfo.InvariantCulture) - (full - lower)));

        // bob's own page once the sheet is released: the group's grade after the regrade, in bob's own feedback folder
        // (written from the group's grade after every change; the group's folder of the run is gone, issue 80).
        var studentTokens = new[] { "bob", "ada", "dan" }.ToDictionary(s => s, _ => TutorToken.New());
        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Releases.Release("000", "test");
            gradebook.Releases.SetStudentTokens(studentTokens.Select(t => (t.Key, TutorToken.Hash(t.Value))).ToArray(), "test");
        }

        async Task<TutorClient> Student(string name)
        {
            var client = new TutorClient(url);
            var form = await client.PageAsync(StudentRoutes.SignInPath);
            (await client.PostAsync(StudentRoutes.SignInPath, [(ServePages.TokenField, TutorClient.Token(form)), ("token", studentTokens[name])])).StatusCode.Should().Be(HttpStatusCode.Redirect);
            return client;
        }

        async Task<(HttpStatusCode Status, string Page)> Request(TutorClient student, string reason)
        {
            var page = await student.PageAsync(StudentPages.SheetPath("000"));
            using var response = await student.PostAsync(StudentPages.SheetPath("000") + "/regrade", [(ServePages.TokenField, TutorClient.Token(page)), ("task", item.Task.Id), ("item", item.Item.Id), ("reason", reason)]);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        using (var bob = await Student("bob"))
        {
            (await bob.PageAsync(StudentPages.SheetPath("000"))).Should().Contain("id=\"feedback\"");
            (await bob.PageAsync(StudentPages.SheetPath("000") + "/feedback")).Should().Be(
                File.ReadAllText(Path.Combine(ResultStore.StudentFolderIn(_run, "bob"), HandinFeedback.HtmlFile)), "bob's feedback is his own folder's, the group's grade");
            Directory.Exists(ResultStore.StudentFolderIn(_run, "g1")).Should().BeFalse("no older copy of the group's grade is left to link to");
        }

        // Groups as one unit (issue 80): ada sees bob's request and its answer as her group's; her own request on the same
        // item is refused and points to it; dan's on g2's item, not scored yet (no form offers it), is refused too.
        using (var ada = await Student("ada"))
        {
            var page = await ada.PageAsync(StudentPages.SheetPath("000"));
            page.Should().Contain("Your group's regrade request, filed by bob").And.Contain($"new score <strong>{Csv.Number(lower)}</strong>");
            var (status, refused) = await Request(ada, "me too");
            status.Should().Be(HttpStatusCode.BadRequest);
            refused.Should().Contain("bob of your group already filed a regrade request for this item");
        }

        using (var dan = await Student("dan"))
        {
            var (status, refused) = await Request(dan, "we never got a score");
            status.Should().Be(HttpStatusCode.BadRequest);
            refused.Should().Contain("That item is not scored yet");
        }

        using (var gradebook = CourseGradebook.Open(file.Gradebook))
        {
            gradebook.Regrades.Regrades("000").Select(r => r.Student).Should().Equal(["bob"], "one request per group and item, none on an item not scored");
        }

        // The sheet page: progress per tutorial; the audit list names the tutor and the group's members.
        await tom.GotoAsync(url + "/sheet/000");
        var progress = tom.Locator("#tutorial-progress");
        (await progress.Locator("tr[data-tutorial=mon] td").AllTextContentsAsync()).Should().Equal("mon", "2", $"{items.Count} of {2 * items.Count} scored");
        (await progress.Locator("tr[data-tutorial=tue] td").AllTextContentsAsync()).Should().Equal("tue", "1", $"0 of {items.Count} scored");
        await tom.GotoAsync(url + item.Path + "/audit/" + P("g1"));
        (await tom.TextContentAsync("table.audit tbody")).Should().Contain("tom");
        (await tom.TextContentAsync(".members")).Should().Be($"group of {P("ada")}, {P("bob")}, {P("cy")}");
    }

    [Test]
    [Order(3)]
    public async Task Tutor_add_with_a_tutorial_the_course_has_not_is_one_message_and_tutor_remove_drops_the_tutorials()
    {
        var (code, text, error) = await Run("serve", "tutor", "add", "tina", "--course", _course, "--tutorial", "wed");
        code.Should().Be(ExitCodes.UsageError, text);
        error.Should().Be("grader serve: --tutorial wed: the course's tutorials are mon, tue.\n");
        text.Should().BeEmpty("no token is made");
        using (var gradebook = CourseGradebook.Open(CourseFile.Load(_course, CommonOptions.Catalog).Gradebook))
        {
            gradebook.Tutors.TutorialsOf("tina").Should().Equal(["tue"], "the tutorials stored before stay");
        }

        (await Run("serve", "tutor", "remove", "tina", "--course", _course)).Code.Should().Be(ExitCodes.Done);
        using var after = CourseGradebook.Open(CourseFile.Load(_course, CommonOptions.Catalog).Gradebook);
        after.Tutors.TutorialsOf("tina").Should().BeEmpty("a removed tutor covers no tutorial");
    }

    [Test]
    [Order(4)]
    public async Task The_late_policy_is_each_members_own_over_the_group_hand_ins_time()
    {
        // The same run in a semester whose deadline has passed: g1 handed in 47 h late; ada has a two-day extension,
        // bob and cy one grace day each, so ada's sheet is on time and bob's and cy's lose one penalised day (25 %).
        var late = Path.Combine(_scratch.Root, "late.toml");
        File.WriteAllText(late, File.ReadAllText(_course)
            .Replace("deadline = 2099-11-13T12:00:00+01:00", "deadline = 2026-11-01T12:00:00Z", StringComparison.Ordinal)
            .Replace("group-size = 3\n", "group-size = 3\ngradebook = \"late.db\"\nlate = { grace-days = 1, penalty-per-day = 0.25 }\nextension = [{ student = \"ada\", sheet = \"000\", days = 2 }]\n", StringComparison.Ordinal));
        var lms = Path.Combine(_scratch.Root, "submitted.csv");
        File.WriteAllText(lms, "student,submitted\ng1,2026-11-03T11:00:00Z\ng2,2026-11-01T11:00:00Z\ng3,2026-11-01T11:00:00Z\n");
        await Ok("semester", "record", _run, "--course", late, "--submitted", lms);

        var file = CourseFile.Load(late, CommonOptions.Catalog);
        using var gradebook = CourseGradebook.Open(file.Gradebook);
        var sheets = gradebook.Grades.Totals(file, CommonOptions.Catalog).ToDictionary(t => t.Student, t => t.Sheets.Single());
        var ada = sheets["ada"];
        (ada.Late.LateDays, ada.Late.ExtensionDays, ada.Late.Factor).Should().Be((0, 2, 1.0), "ada's extension covers the group's two days");
        foreach (var member in new[] { "bob", "cy" })
        {
            var sheet = sheets[member];
            (sheet.Late.LateDays, sheet.Late.GraceDaysUsed, sheet.Late.PenalisedDays, sheet.Late.Factor).Should().Be((2, 1, 1, 0.75), $"{member} spends the one grace day");
            sheet.Report!.Total.Should().BeApproximately(0.75 * ada.Report!.BeforeLate, 1e-9, "the same hand-in, 25 % off");
        }

        sheets["dan"].Late.LateDays.Should().Be(0, "g2 handed in before the deadline");
    }

    private static Task<(int Code, string Out, string Error)> Run(params string[] args) => SemesterCommands.Grader(args);

    private static string P(string student) => Pseudonyms.Of("000", student);

    private static string Mutant(string file) =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Mutants", "mse-sum", file));

    private static double Number(Dictionary<string, string> row, string column) =>
        double.Parse(row[column], CultureInfo.InvariantCulture);
}
