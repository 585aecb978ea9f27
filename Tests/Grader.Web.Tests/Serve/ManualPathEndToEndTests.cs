using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;
using Microsoft.Playwright;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Issue 47's "done when", the manual path as tutors walk it, through the real commands: <c>grader assign --sheet 002</c>
/// once; five repositories from it with the correct example's code and a written report each: alice's report.md, bob's
/// two-page PDF with the item keys printed on its pages, carol's PDF with a page map, dave's skeleton handed back
/// untouched (no report), erin's hostile report.md (a script, an image with onerror, a javascript: link) whose answer to
/// the first item is alice's (one answer group); <c>grader grade</c>, <c>semester record</c>, <c>serve tutor add</c>
/// twice, <c>grader serve</c> as a child process. In Debian's chromium two tutors score every manual item by keyboard
/// (the group once, both students scored), one write on a stale version is refused and shows the other tutor's score,
/// nothing of erin's runs and her text is shown as text; the server is SIGKILLed right after the last acknowledged
/// score and restarted: every score is on the page and in the gradebook; then <c>semester export</c> and every
/// student's feedback carry the automatic total plus the scores the app shows. The hand-ins and the PDF programs run in
/// the bubblewrap sandbox (<c>--require-sandbox</c>). Skipped without chromium (unless GRADER_REQUIRE_CHROMIUM=1), or
/// without poppler-utils or a working bubblewrap (unless GRADER_REQUIRE_SANDBOX=1).
/// </summary>
[NonParallelizable]
public sealed class ManualPathEndToEndTests
{
    private const string Sheet = "002";
    private const string Shared = "The density of exp(X) is p(log y) / y, by the change of variables y = exp(x).";
    private const string Hostile = "<script>window.pwned = 1</script>\n\n<img src=\"x\" onerror=\"window.pwned = 2\">\n\n[see here](javascript:window.pwned=3)\n";
    private static readonly string[] Students = ["alice", "bob", "carol", "dave", "erin"];

    [Test]
    public async Task Two_tutors_score_every_manual_item_of_assigned_and_graded_repositories_and_after_a_kill_9_the_export_and_feedback_carry_the_app_s_totals()
    {
        var chromium = ServeBrowserTests.Find();
        TestPdf.RequirePoppler();
        SandboxKit.RequirePolicy();
        using var scratch = new Scratch();
        string In(string name) => Path.Combine(scratch.Root, name);
        var catalog = CommonOptions.Catalog;
        var keys = ReportLayout.Items(catalog.FindAssignment(Sheet)!).Select(i => ReportLayout.Key(i.Task.Id, i.Item.Id)).ToArray();
        keys.Should().HaveCountGreaterThan(4);
        var half = keys.Length / 2;

        // grader assign once (from the tool's own content); each student's repository is a copy with the correct example's code.
        await Ok("assign", "--sheet", Sheet, "--out", In("assigned"));
        var code = Example("Diffusion/Correct", "InvalidBetaSchedules.cs", "BetaScheduleAnswer.cs", "BetaScheduleValidity.cs");
        foreach (var student in Students)
        {
            Copy(In("assigned"), Path.Combine(In("cohort"), student));
            var handin = Path.Combine(In("cohort"), student, "Handin");
            foreach (var template in Directory.EnumerateFiles(handin, "*.cs"))
            {
                File.Delete(template);
            }

            foreach (var (name, text) in code)
            {
                File.WriteAllText(Path.Combine(handin, name), text);
            }
        }

        string Report(string student, string file) => Path.Combine(In("cohort"), student, ReportLayout.Folder, file);
        var skeleton = File.ReadAllText(Report("alice", ReportLayout.MarkdownFile));
        string Fill(Func<int, string> answer)
        {
            var parts = skeleton.Split(ReportLayout.Placeholder);
            parts.Should().HaveCount(keys.Length + 1, "the skeleton has one placeholder per manual item");
            return parts[0] + string.Concat(parts.Skip(1).Select((part, i) => answer(i) + part));
        }

        File.WriteAllText(Report("alice", ReportLayout.MarkdownFile), Fill(i => i == 0 ? Shared : $"Alice answers item {i + 1} in her own words."));
        File.WriteAllText(Report("erin", ReportLayout.MarkdownFile), Fill(i => i == 0 ? Shared : Hostile));
        File.WriteAllBytes(Report("bob", ReportLayout.PdfFile), TestPdf.Pages([string.Join('\n', keys[..half].Prepend("Bob, page 1")), string.Join('\n', keys[half..].Prepend("Bob, page 2"))]));
        File.WriteAllBytes(Report("carol", ReportLayout.PdfFile), TestPdf.Pages(["Carol's scanned page one", "Carol's scanned page two"]));
        File.WriteAllText(Report("carol", ReportLayout.PageMapFile), string.Concat(keys.Select((k, i) => $"{k}: {(i < half ? 1 : 2)}\n")));

        // grade, record, two tutors.
        var course = new TestCourseFile("Sheet 002 end to end", Students, [(Sheet, "2099-11-02T12:00Z")]).WriteTo(In("course.toml"));
        var run = In("run002");
        await Ok(["grade", In("cohort"), "--out", run, "--sheet", Sheet, "--plain", "--jobs", "2", "--snapshots", TestSettings.Snapshots, "--seed", "47", "--require-sandbox", .. SkipAllBut(Sheet, Cheap002)]);
        var summary = File.ReadAllText(Path.Combine(run, SummaryMarkdown.FileName));
        summary.Should().Contain("4 of 5 hand-ins carry a written report").And.Contain("no written report: dave\n");
        await Ok("semester", "record", run, "--course", course);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tutor in new[] { "ana", "ben" })
        {
            tokens[tutor] = (await Ok("serve", "tutor", "add", tutor, "--course", course)).Trim().Split('\n')[^1].Trim();
        }

        IReadOnlyList<SheetItem> items;
        using (var desk = new GradingDesk(CourseFile.Load(course, catalog), catalog))
        {
            items = desk.Items(Sheet);
        }

        items.Select(i => ReportLayout.Key(i.Task.Id, i.Item.Id)).Should().Equal(keys);

        await using var browser = await SharedChromium.SessionAsync(chromium);
        var dialogs = new List<string>();
        var pages = new Dictionary<string, IPage>(StringComparer.Ordinal);
        foreach (var tutor in tokens.Keys)
        {
            // Playwright's default window (1280 × 720): the keys score whatever part of the page is in view, and a taller
            // window only made chromium paint more (chromium 26 s of CPU in this test against 28–34 s, docs/measurements/2026-11-26-suite-time.md, stop 62).
            var context = await browser.NewContextAsync();
            pages[tutor] = await context.NewPageAsync();
            pages[tutor].Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        }

        async Task SignIn(string url)
        {
            foreach (var (tutor, page) in pages)
            {
                await page.GotoAsync(url + "/signin");
                await page.FillAsync("input[name=token]", tokens[tutor]);
                await ServeBrowserTests.Navigate(page, () => page.ClickAsync("form.signin button"), 200);
                (await page.TextContentAsync("header")).Should().Contain($"Signed in as {tutor}");
                // Names are hidden until a tutor shows them (logged, and kept for that tutor and sheet): this test reads them.
                await page.GotoAsync(url + items[0].Path);
                if ((await page.TextContentAsync("#names")) == "Show names")
                {
                    await ServeBrowserTests.Navigate(page, () => page.ClickAsync("#names"), 200);
                }
            }
        }

        async Task Open(IPage page, string url) => (await page.GotoAsync(url))!.Status.Should().Be(200, url);
        ILocator Group(IPage page, string student) => page.Locator($"section.group:has(tr[data-student='{student}'])");

        // Every manual item: even ones by ana, odd ones by ben, each answer group by the digit of a level (varied).
        var expected = new Dictionary<(int Item, string Student), (double Points, string Tutor)>();
        const int Conflicted = 1;
        var refused = "";
        using (var server = await ServerProcess.StartAsync(course))
        {
            await SignIn(server.Url);
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var (tutor, other) = i % 2 == 0 ? ("ana", "ben") : ("ben", "ana");
                var page = pages[tutor];
                await Open(page, server.Url + item.Path);
                (await page.TextContentAsync("#progress")).Should().Be($"0 of {Students.Length} scored", item.Title);
                var groups = new List<string[]>();
                foreach (var section in await page.Locator("section.group").AllAsync())
                {
                    groups.Add((await section.GetAttributeAsync("data-students"))!.Split(' '));
                }

                groups.SelectMany(g => g).Should().BeEquivalentTo(Students, item.Title);
                groups.Where(g => g.Length > 1).Select(g => string.Join(' ', g.Order(StringComparer.Ordinal))).Should().Equal(i == 0 ? ["alice erin"] : Array.Empty<string>(),
                    $"{item.Title}: only alice's and erin's equal answers to the first item are a group (shown by either: one run saw both, so neither is earlier); PDF pages and a missing report stay alone");
                await CheckAnswers(page, i, Group);

                if (i == Conflicted)
                {
                    await Open(pages[other], server.Url + item.Path);
                }

                for (int g = 0; g < groups.Count; g++)
                {
                    (await page.GetAttributeAsync("section.group.current", "id")).Should().Be($"g{g}", $"{item.Title}: after a score the next answer is current");
                    var level = (i + g) % Math.Min(item.Levels.Count, 10);
                    var key = LevelKeys.Of(item.Levels)[level];
                    (await page.GetAttributeAsync($"#g{g} .levels button[data-key='{key}']", "value")).Should().Be(Csv.Number(item.Levels[level].Points));
                    await ServeBrowserTests.Press(page, ServeBrowserTests.KeyName(key), 200);
                    foreach (var student in groups[g])
                    {
                        expected[(i, student)] = (item.Levels[level].Points, tutor);
                    }

                    if (i == Conflicted && g == 0)
                    {
                        // The other tutor opened the same answer before; their write on the stale version is refused and shows the standing score.
                        var stale = pages[other];
                        (await stale.GetAttributeAsync("section.group.current", "id")).Should().Be("g0");
                        var otherLevel = (level + 1) % Math.Min(item.Levels.Count, 10);
                        await ServeBrowserTests.Press(stale, ServeBrowserTests.KeyName(LevelKeys.Of(item.Levels)[otherLevel]), 409);
                        refused = groups[0][0];
                        (await stale.TextContentAsync("#conflict")).Should().Contain($"{refused}: {Csv.Number(item.Levels[level].Points)} by {tutor}");
                    }
                }

                (await page.TextContentAsync("#progress")).Should().Be($"{Students.Length} of {Students.Length} scored", item.Title);
            }

            // The last score was acknowledged (its redirect answered): SIGKILL now.
            server.Kill().Should().Be(137, "the server died by SIGKILL (128 + 9)");
        }

        // Restarted: every score is on the page (as the app shows it) and in the gradebook.
        var shown = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var server = await ServerProcess.StartAsync(course))
        {
            await SignIn(server.Url);
            var page = pages["ana"];
            for (int i = 0; i < items.Count; i++)
            {
                await Open(page, server.Url + items[i].Path);
                (await page.TextContentAsync("#progress")).Should().Be($"{Students.Length} of {Students.Length} scored", items[i].Title);
                foreach (var student in Students)
                {
                    var score = await page.Locator($"tr[data-student='{student}']").TextContentAsync();
                    var points = double.Parse(await page.Locator($"tr[data-student='{student}'] span.score").TextContentAsync() ?? "", CultureInfo.InvariantCulture);
                    points.Should().Be(expected[(i, student)].Points, $"{items[i].Title}, {student}");
                    score.Should().Contain($"by {expected[(i, student)].Tutor}");
                    shown[student] = shown.GetValueOrDefault(student) + points;
                }
            }

            using (var gradebook = CourseGradebook.Open(CourseFile.Load(course, catalog).Gradebook))
            {
                for (int i = 0; i < items.Count; i++)
                {
                    var scores = gradebook.Scores.ManualScores(items[i].Task.Id, items[i].Item.Id);
                    foreach (var student in Students)
                    {
                        var (points, tutor) = expected[(i, student)];
                        scores[student].Should().Match<ManualScoreEntry>(s => s.Points == points && s.Tutor == tutor, $"{items[i].Title}, {student}");
                    }
                }

                gradebook.Scores.Audit(refused, items[Conflicted].Task.Id, items[Conflicted].Item.Id).Should().ContainSingle("the refused write left no trace");
            }

            // The tutor writes the run's feedback again from the sheet's page.
            await Open(page, server.Url + "/sheet/" + Sheet);
            await ServeBrowserTests.Navigate(page, () => page.ClickAsync("form.feedback button"), 200);
            server.Kill();
        }

        dialogs.Should().BeEmpty("no script of a report ran");

        // The LMS export and every feedback file: the automatic total plus the scores the app shows.
        var export = In("export.csv");
        await Ok("semester", "export", "--course", course, "--out", export);
        var lms = GradebookCsv.Parse(File.ReadAllText(export));
        var auto = GradebookCsv.Parse(File.ReadAllText(Path.Combine(run, GradebookCsvReporter.FileName)));
        foreach (var student in Students)
        {
            var total = double.Parse(GradebookCsv.Cells(auto, student)["auto total"], CultureInfo.InvariantCulture) + shown[student];
            var cell = lms.Single(r => r[0] == student)[lms[0].ToList().IndexOf($"Sheet {Sheet} (points)")];
            double.Parse(cell, CultureInfo.InvariantCulture).Should().BeApproximately(total, 1e-4, $"{student}'s LMS cell");
            File.ReadAllText(Path.Combine(run, ResultStore.StudentsFolder, student, "feedback.md")).Should().Contain($"**{PointsText.Shown(total)} / ", $"{student}'s feedback leads with the same total");
        }

        shown.Values.Distinct().Should().HaveCountGreaterThan(1, "the students' manual totals differ, so a mix-up would show");
    }

    /// <summary>What the grading page shows of each kind of report on item <paramref name="index"/>, and that erin's hostile report is inert.</summary>
    private static async Task CheckAnswers(IPage page, int index, Func<IPage, string, ILocator> group)
    {
        if (index == 0)
        {
            (await group(page, "alice").Locator(".written").TextContentAsync()).Should().Contain(Shared);
            var first = group(page, "bob").Locator("img.page");
            (await first.CountAsync()).Should().Be(1, "bob's first page carries the first item's key");
            (await first.EvaluateAsync<int>("img => img.naturalWidth")).Should().Be(680, "the page image is served (US letter at 80 dpi)");
            (await group(page, "carol").Locator("img.page").GetAttributeAsync("alt")).Should().Be("page 1 of carol's report", "carol's page map gives the first item page 1");
            (await group(page, "dave").TextContentAsync()).Should().Contain("No written report was handed in.");
        }

        if (index == 1)
        {
            var erin = group(page, "erin").Locator(".written");
            (await erin.TextContentAsync()).Should().Contain("<script>window.pwned = 1</script>").And.Contain("onerror=\"window.pwned = 2\"").And.Contain("see here");
            (await erin.Locator("script, img, a, [onerror]").CountAsync()).Should().Be(0, "erin's markup is text, her link only its words");
            (await page.EvaluateAsync<bool>("() => window.pwned === undefined")).Should().BeTrue("no script of erin's ran");
            (await page.EvaluateAsync<int>("() => document.scripts.length")).Should().Be(1, "only /serve.js");
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
