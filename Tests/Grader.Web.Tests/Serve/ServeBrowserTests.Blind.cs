using Grader.Semester;
using Grader.Web;
using Microsoft.Playwright;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Issue 70's desk as two tutors try it, in one chromium session over the same course: names hidden until a logged
/// reveal, the order stable across reloads and different per item, a fresh page on the first unscored answer, keys that
/// are points (and a message for a key that gives nothing), another tutor's score replaced only by the confirmation
/// (audited), "no report → 0" over the sheet, the LMS export current right after a score, the statistics page.
/// </summary>
public sealed partial class ServeBrowserTests
{
    [Test]
    [Order(2)]
    public async Task Two_tutors_grade_blind_each_lands_on_unscored_answers_keys_are_points_and_outputs_stay_current()
    {
        var chromium = Find();
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        // Items of 1 point (levels 1 and 0: keys 1 and 0) that the other test leaves alone (its item's keys are Shift+0 and 0).
        var items = Course.Items().Where(i => i.Task.Id != ServeCourse.Task && i.Item.Points == 1).Take(3).ToArray();
        items.Should().HaveCount(3);
        var (first, second, third) = (items[0], items[1], items[2]);
        LevelKeys.Of(first.Levels).Should().Equal("1", "0");

        await using var browser = await SharedChromium.SessionAsync(chromium);
        async Task<IPage> SignIn(string tutor)
        {
            var page = await (await browser.NewContextAsync()).NewPageAsync();
            await page.GotoAsync(url + "/signin");
            await page.FillAsync("input[name=token]", Course.Tokens[tutor]);
            await Navigate(page, () => page.ClickAsync("form.signin button"), 200);
            return page;
        }

        async Task<string[]> Order(IPage page, SheetItem item)
        {
            (await page.GotoAsync(url + item.Path))!.Status.Should().Be(200);
            var order = new List<string>();
            foreach (var section in await page.Locator("section.group").AllAsync())
            {
                order.Add((await section.GetAttributeAsync("data-students"))!);
            }

            return [.. order];
        }

        var ana = await SignIn("ana");
        var ben = await SignIn("ben");

        // Blind: no student's name anywhere in the grading page's DOM (the reports' own words aside, which are capitalised
        // here: "Carol derives it", "Dave's answer"); the order is the same on a reload and differs on another item.
        var order = await Order(ana, first);
        var html = await ana.ContentAsync();
        foreach (var student in ServeCourse.Students)
        {
            html.Should().NotContain(student, $"{student}'s name is hidden until a reveal");
        }

        order.Should().OnlyContain(o => o.StartsWith(Pseudonyms.Prefix, StringComparison.Ordinal));
        (await Order(ana, first)).Should().Equal(order, "the same order on every load");
        var other = await Order(ana, second);
        other.Should().BeEquivalentTo(order).And.NotEqual(order, "another item, another shuffle");
        await ana.GotoAsync(url + first.Path);

        // Keys are points: 1 gives 1 point to the first answer (a fresh page starts on the first unscored one); 7 gives nothing and says so.
        (await ana.GetAttributeAsync("section.group.current", "id")).Should().Be("g0");
        var lmsFile = Path.Combine(Course.Run, GradebookCsvReporter.LmsFileName);
        await ana.Keyboard.PressAsync("7");
        (await ana.TextContentAsync("#keyhint")).Should().Contain("Key 7 gives no score on this item: its keys are 1, 0");
        await Press(ana, "1", 200);
        await Press(ana, "1", 200);
        var anaGroups = order.Take(2).SelectMany(o => o.Split(' ')).ToArray();
        using (var gradebook = Course.Gradebook())
        {
            var scores = gradebook.Scores.ManualScores(first.Task.Id, first.Item.Id);
            foreach (var shown in anaGroups)
            {
                scores[Student(shown)].Should().Match<ManualScoreEntry>(s => s.Points == 1 && s.Tutor == "ana", "key 1 gave 1 point");
            }
        }

        // ben's fresh page lands on the first answer nobody scored, never on ana's.
        (await ben.GotoAsync(url + first.Path))!.Status.Should().Be(200);
        (await ben.GetAttributeAsync("section.group.current", "id")).Should().Be("g2");
        (await ben.GetAttributeAsync("section.group.current", "class")).Should().NotContain("scored");

        // ben goes back to ana's second answer: his key is refused (409) with ana's score shown, again on a second press;
        // only the confirmation replaces it, and the audit list says whose score it replaced.
        await ben.Keyboard.PressAsync("p");
        (await ben.GetAttributeAsync("section.group.current", "id")).Should().Be("g1");
        await Press(ben, "0", 409);
        (await ben.TextContentAsync("#conflict")).Should().Contain("by ana").And.Contain(order[1].Split(' ')[0]);
        await Press(ben, "0", 409);
        var replaced = Student(order[1].Split(' ')[0]);
        using (var gradebook = Course.Gradebook())
        {
            gradebook.Scores.ManualScores(first.Task.Id, first.Item.Id)[replaced].Should().Match<ManualScoreEntry>(s => s.Tutor == "ana" && s.Points == 1, "a key never replaced ana's score");
        }

        await Navigate(ben, () => ben.ClickAsync("#confirm-replace"), 200);
        using (var gradebook = Course.Gradebook())
        {
            gradebook.Scores.ManualScores(first.Task.Id, first.Item.Id)[replaced].Should().Match<ManualScoreEntry>(s => s.Tutor == "ben" && s.Points == 0);
            gradebook.Scores.Audit(replaced, first.Task.Id, first.Item.Id).Select(a => (a.Tutor, a.Note)).Should().Equal(("ana", ""), ("ben", "replaced ana's 1, confirmed"));
        }

        // ben gives 0 to the first answer of the second item; ana, coming after, lands on the next and gives 1.
        await ben.GotoAsync(url + second.Path);
        await Press(ben, "0", 200);
        await ana.GotoAsync(url + second.Path);
        (await ana.GetAttributeAsync("section.group.current", "id")).Should().Be("g1", "ben scored the first answer");
        await Press(ana, "1", 200);

        // No report → 0 over the sheet: frank (no report) gets 0 on every item not scored yet, audited; then the LMS
        // export has his cell, and a score is in it right after it is given.
        await ana.GotoAsync(url + "/sheet/000");
        await Navigate(ana, () => ana.ClickAsync("form.no-report button"), 200);
        double FrankCell()
        {
            var rows = GradebookCsv.Parse(File.ReadAllText(lmsFile));
            var cell = rows.Single(r => r[0] == "frank")[rows[0].ToList().IndexOf("Sheet 000 (points)")];
            cell.Should().NotBeEmpty("every manual item of frank's is scored");
            return double.Parse(cell, CultureInfo.InvariantCulture);
        }

        await desk.Files.Written(); // the run's files are written in the background: wait for the writer, not a time
        var before = FrankCell();
        using (var gradebook = Course.Gradebook())
        {
            foreach (var item in Course.Items())
            {
                gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).Should().ContainKey("frank", item.Title);
            }

            gradebook.Scores.Audit("frank", third.Task.Id, third.Item.Id).Should().ContainSingle().Which.Should().Match<ManualScoreEntry>(a => a.Points == 0 && a.Tutor == "ana" && a.Note == DeskScoring.NoReportNote);
        }

        // ana gives frank the top level on an item her "no report → 0" scored: her own score, so no confirmation.
        await ana.GotoAsync(url + third.Path);
        var frankGroup = await ana.Locator($"section.group:has(tr[data-student='{P("frank")}'])").GetAttributeAsync("id");
        await ana.GotoAsync($"{url}{third.Path}?at={frankGroup![1..]}");
        await Press(ana, "1", 200);
        await desk.Files.Written();
        FrankCell().Should().BeApproximately(before + 1, 1e-9, "the LMS export was written again after the score");

        // The statistics page: each item's levels and both tutors' count and mean (as the gradebook has them).
        await ana.GotoAsync(url + "/sheet/000/statistics");
        using (var gradebook = Course.Gradebook())
        {
            foreach (var item in new[] { first, second })
            {
                var row = ana.Locator($"table.statistics tr[data-item='{item.Index}']");
                foreach (var tutor in new[] { "ana", "ben" })
                {
                    var given = gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).Values.Where(s => s.Tutor == tutor && ServeCourse.Students.Contains(s.Student)).ToArray();
                    given.Should().NotBeEmpty();
                    (await row.Locator($"li[data-tutor='{tutor}'] .count").TextContentAsync()).Should().Be($"{given.Length}", $"{item.Title}, {tutor}");
                    double.Parse((await row.Locator($"li[data-tutor='{tutor}'] .mean").TextContentAsync())!, CultureInfo.InvariantCulture)
                        .Should().BeApproximately(given.Average(s => s.Points), 0.0051, $"{item.Title}, {tutor}'s mean (two decimals)");
                }
            }
        }

        (await ana.TextContentAsync("table.reveals")).Should().Contain("no tutor has shown names");

        // The reveal: a POST, logged, after which ana's pages name the students (ben's stay blind).
        await ana.GotoAsync(url + first.Path);
        await Navigate(ana, () => ana.ClickAsync("#names"), 200);
        (await ana.ContentAsync()).Should().Contain("frank");
        await ben.GotoAsync(url + first.Path);
        (await ben.ContentAsync()).Should().NotContain("frank");
        using (var gradebook = Course.Gradebook())
        {
            gradebook.Audit.NameReveals("000").Should().ContainSingle().Which.Should().Match<(string Tutor, bool Shown, string Entered)>(r => r.Tutor == "ana" && r.Shown);
        }

        await ana.GotoAsync(url + "/sheet/000/statistics");
        (await ana.TextContentAsync("table.reveals")).Should().Contain("ana").And.Contain("shown");
    }

    /// <summary>The student behind a pseudonym of sheet 000.</summary>
    private static string Student(string shown) => ServeCourse.Students.Single(s => P(s) == shown);
}
