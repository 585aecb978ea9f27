using Grader.Semester;
using Grader.Web;
using Microsoft.Playwright;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// <c>grader serve</c> in Debian's chromium, driven by Playwright (no browser download): two tutors sign in, one scores
/// the group of alice's and bob's equal answers and single answers by keyboard (digits, n/p, c for the comment), the
/// other's write on a stale version is refused with the standing score shown, and no script of a report runs. Skipped
/// without chromium unless GRADER_REQUIRE_CHROMIUM=1.
/// </summary>
[NonParallelizable]
public sealed partial class ServeBrowserTests : ServeCourseTests
{
    [Test]
    [Order(1)]
    public async Task Tutors_score_a_group_and_single_answers_by_keyboard_a_stale_write_is_refused_and_no_report_script_runs()
    {
        var chromium = Find();
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var item = Course.Item();
        var levels = item.Levels;
        levels.Should().HaveCountGreaterThan(1, "an item offers at least its points and 0");
        int before;
        using (var gradebook = Course.Gradebook())
        {
            before = gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).Count;
        }

        await using var browser = await SharedChromium.SessionAsync(chromium);
        var dialogs = new List<string>();
        async Task<IPage> SignIn(string tutor)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 1400 } });
            var page = await context.NewPageAsync();
            page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
            (await page.GotoAsync(url + item.Path))!.Url.Should().Contain("/signin", "an anonymous visit is sent to sign in");
            await page.FillAsync("input[name=token]", Course.Tokens[tutor]);
            await Navigate(page, () => page.ClickAsync("form.signin button"), 200);
            (await page.TextContentAsync("header")).Should().Contain($"Signed in as {tutor}");
            (await page.GotoAsync(url + item.Path))!.Status.Should().Be(200);
            return page;
        }

        // A wrong token is refused.
        var stranger = await (await browser.NewContextAsync()).NewPageAsync();
        await stranger.GotoAsync(url + "/signin");
        await Screenshot(stranger, "serve-signin.png");
        await stranger.FillAsync("input[name=token]", TutorToken.New());
        await Navigate(stranger, () => stranger.ClickAsync("form.signin button"), 401);

        var ana = await SignIn("ana");
        var ben = await SignIn("ben");
        (await ana.TextContentAsync("#progress")).Should().Be($"{before} of 6 scored");
        // Names are hidden (pseudonyms) and the groups shuffled per item: find each student's group by pseudonym.
        var g = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in await ana.Locator("section.group").AllAsync())
        {
            foreach (var shown in (await section.GetAttributeAsync("data-students"))!.Split(' '))
            {
                g[ServeCourse.Students.Single(s => P(s) == shown)] = (await section.GetAttributeAsync("id"))!;
            }
        }

        (await ana.GetAttributeAsync($"#{g["bob"]}", "data-students")).Should().Be($"{P("bob")} {P("alice")}", "equal answers but for case and spacing are one group, shown by bob's, the earlier hand-in");
        (await ana.Locator("section.group").CountAsync()).Should().Be(5, "alice and bob together, then carol, dave, erin, frank alone");
        var keys = LevelKeys.Of(levels);
        async Task Score(IPage page, string student, int level, int status)
        {
            await page.GotoAsync($"{url}{item.Path}?at={g[student][1..]}");
            (await page.GetAttributeAsync("section.group.current", "id")).Should().Be(g[student]);
            await Press(page, KeyName(keys[level]), status);
        }

        // The group: the highest level's key; both students get it.
        await Score(ana, "bob", 0, 200);
        (await ana.TextContentAsync("#progress")).Should().Be($"{before + 2} of 6 scored");

        // carol alone: a comment (c, type, Esc), then the second level's key.
        await ana.GotoAsync($"{url}{item.Path}?at={g["carol"][1..]}");
        await ana.Keyboard.PressAsync("c");
        await ana.Keyboard.TypeAsync("derives it; 3 n p");
        await ana.Keyboard.PressAsync("Escape");
        await Press(ana, KeyName(keys[1]), 200);

        // n then p comes back to dave, who gets the highest level.
        await ana.GotoAsync($"{url}{item.Path}?at={g["dave"][1..]}");
        var daveAt = int.Parse(g["dave"][1..], CultureInfo.InvariantCulture);
        await ana.Keyboard.PressAsync(daveAt < 4 ? "n" : "p");
        (await ana.GetAttributeAsync("section.group.current", "id")).Should().Be($"g{(daveAt < 4 ? daveAt + 1 : daveAt - 1)}");
        await ana.Keyboard.PressAsync(daveAt < 4 ? "p" : "n");
        (await ana.GetAttributeAsync("section.group.current", "id")).Should().Be(g["dave"]);
        await Press(ana, KeyName(keys[0]), 200);

        using (var gradebook = Course.Gradebook())
        {
            var scores = gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id);
            scores["alice"].Points.Should().Be(levels[0].Points);
            scores["bob"].Points.Should().Be(levels[0].Points);
            scores["carol"].Should().Match<Grader.Semester.ManualScoreEntry>(s => s.Points == levels[1].Points && s.Comment == "derives it; 3 n p" && s.Tutor == "ana");
            scores["dave"].Points.Should().Be(levels[0].Points);
            scores.Should().NotContainKey("erin");
            gradebook.Scores.Audit("alice", item.Task.Id, item.Item.Id).Should().ContainSingle().Which.Tutor.Should().Be("ana");
        }

        // Nothing a student wrote ran or reached the page as markup.
        (await ana.EvaluateAsync<bool>("() => window.pwned === undefined")).Should().BeTrue("no script of a report ran");
        (await ana.EvaluateAsync<int>("() => document.scripts.length")).Should().Be(1, "only /serve.js");
        (await ana.Locator($"#{g["carol"]} .written img, #{g["carol"]} .written a, #{g["carol"]} .written [onclick]").CountAsync()).Should().Be(0, "carol's image, link and handler are dropped");
        (await ana.TextContentAsync($"#{g["carol"]} .written")).Should().Contain("Carol derives it herself.").And.NotContain("pwned");
        (await ana.TextContentAsync($"#{g["carol"]} .problem")).Should().Contain("page <script>9</script>", "a report's problem is text");
        (await ana.TextContentAsync($"#{g["dave"]} pre.written")).Should().Be("<script>window.pwned = 3</script>Dave's answer & more", "dave's text is shown as text");
        (await ana.EvaluateAsync<int>($"() => document.querySelector('#{g["erin"]} img.page').naturalWidth")).Should().Be(64, "erin's page image is served by its number");
        (await ana.TextContentAsync($"#{g["frank"]} .answer")).Should().Contain("No written report was handed in.");
        // erin's report names alice's report.json and a path up and out of her folder on the earlier items (pages 0 and 1), her page image on this one (2).
        (await ana.GetAttributeAsync($"#{g["erin"]} img.page", "src")).Should().Be($"/sheet/000/student/{P("erin")}/page/2");
        (await ana.APIRequest.GetAsync(url + "/sheet/000/student/erin/page/2")).Status.Should().Be(200);
        var other = Course.Items().First(i => i.Task.Id != ServeCourse.Task);
        (await ana.GotoAsync(url + other.Path))!.Status.Should().Be(200);
        foreach (var index in new[] { 0, 1, 3, -1 })
        {
            (await ana.APIRequest.GetAsync($"{url}/sheet/000/student/erin/page/{index}")).Status.Should().Be(404, $"page {index} is another student's file, outside erin's report, or none");
        }

        (await ana.APIRequest.GetAsync(url + "/sheet/000/student/..%2Falice/page/0")).Status.Should().Be(404);
        dialogs.Should().BeEmpty();

        // The conflict: ben's page shows erin unscored; ana scores her first; ben's write is refused and shows ana's score.
        await ben.GotoAsync($"{url}{item.Path}?at={g["erin"][1..]}");
        await Score(ana, "erin", 0, 200);
        (await ben.GetAttributeAsync("section.group.current", "id")).Should().Be(g["erin"]);
        var zero = KeyName(keys[levels.Count - 1]); // the last level (0 points)
        await Press(ben, zero, 409);
        (await ben.TextContentAsync("#conflict")).Should().Contain($"{P("erin")}: {Csv.Number(levels[0].Points)} by ana");
        using (var gradebook = Course.Gradebook())
        {
            gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id)["erin"].Should().Match<Grader.Semester.ManualScoreEntry>(s => s.Tutor == "ana" && s.Version == 1, "the refused write changed nothing");
        }

        // Seen now (the refusal's page keeps erin's answer current), ben's key is refused again: ana's score is another
        // tutor's, which only the explicit confirmation replaces; the audit list keeps both and notes the replacement.
        (await ben.GetAttributeAsync("section.group.current", "id")).Should().Be(g["erin"]);
        await Press(ben, zero, 409);
        (await ben.Locator("#confirm-replace").CountAsync()).Should().Be(1);
        await Navigate(ben, () => ben.ClickAsync("#confirm-replace"), 200);
        await ben.GotoAsync(url + item.Path + "/audit/" + P("erin"));
        (await ben.Locator("table.audit tbody tr").CountAsync()).Should().Be(2);
        (await ben.TextContentAsync("table.audit")).Should().Contain("ana").And.Contain("ben").And.Contain($"replaced ana's {Csv.Number(levels[0].Points)}, confirmed");
        using (var gradebook = Course.Gradebook())
        {
            gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id)["erin"].Should().Match<Grader.Semester.ManualScoreEntry>(s => s.Tutor == "ben" && s.Version == 2 && s.Points == levels[levels.Count - 1].Points);
            gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).Should().NotContainKey("frank");
        }

        // The tutor's guide's screenshots (GRADER_SERVE_SCREENSHOTS=docs): the grading page's top, the group current; the sheet's page.
        await ana.GotoAsync(url + item.Path);
        await Screenshot(ana, "serve-grading.png");
        (await ana.GotoAsync(url + "/sheet/000"))!.Status.Should().Be(200);
        await Screenshot(ana, "serve-sheet.png");
    }

    /// <summary>The page's visible top as <paramref name="name"/> in GRADER_SERVE_SCREENSHOTS (the tutor's guide's pictures), else in the course's scratch folder.</summary>
    private async Task Screenshot(IPage page, string name)
    {
        var shot = Path.Combine(Environment.GetEnvironmentVariable("GRADER_SERVE_SCREENSHOTS") ?? Course.Root, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = false });
        new FileInfo(shot).Length.Should().BeGreaterThan(10_000, $"{name} shows the page");
    }

    /// <summary>A student's pseudonym on sheet 000, as the grading pages show them until a reveal.</summary>
    internal static string P(string student) => Pseudonyms.Of("000", student);

    /// <summary>Playwright's name of a level's key (<see cref="LevelKeys"/>): "1", or "Shift+Digit1" for "+1".</summary>
    internal static string KeyName(string key) => key.StartsWith('+') ? $"Shift+Digit{key[1..]}" : key;

    /// <summary>Presses a key that submits the current answer's score and waits for the page it leads to.</summary>
    internal static Task Press(IPage page, string key, int status) => Navigate(page, () => page.Keyboard.PressAsync(key), status);

    /// <summary>Runs <paramref name="action"/>, waits for the page it leads to (after any redirect) to load and checks its status.</summary>
    internal static async Task Navigate(IPage page, Func<Task> action, int status)
    {
        // Playwright marks this obsolete as racy for navigations that start on their own; here the action starts it.
#pragma warning disable CS0612
        var response = await page.RunAndWaitForNavigationAsync(action, new PageRunAndWaitForNavigationOptions { WaitUntil = WaitUntilState.Load });
#pragma warning restore CS0612
        response.Should().NotBeNull();
        response!.Status.Should().Be(status, $"the page after the action on {page.Url}");
    }

    internal static string Find() => Chromium.Require();
}
