using System.Text.RegularExpressions;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;
using Grader.Web.Tests.Serve;
using Microsoft.Playwright;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Courses;

public sealed partial class GroupCourseEndToEndTests
{
    /// <summary>
    /// Issue 80's walk, in Chromium as the people of a Heidelberg group course would make it: cy sits in tue, so g1 (ada,
    /// bob in mon; cy in tue) spans both tutorials as the sheet's "list all names and tutorial numbers" allows. Two tutors
    /// in two browsers: g1 comes first for tom (mon, its members' majority) and not for tina (tue), so they never open it
    /// at once; neither page names a student. tom scores g1; tina releases the sheet; ada, bob and cy, each in a browser
    /// of their own, read one grade; bob's regrade request is every member's, tom's "kept" answer says the score it kept,
    /// and after tina scores the item again every member's page says so and shows the one new grade.
    /// </summary>
    [Test]
    [Order(6)]
    public async Task The_heidelberg_walk_two_tutors_three_members_of_a_group_spanning_two_tutorials()
    {
        var members = new[] { "ada", "bob", "cy" };
        await using var served = await HeidelbergServeAsync("walk", members);
        var (walk, tokens, desk, item, url, dialogs) = (served.Course, served.Tokens, served.Desk, served.Item, served.Url, served.Dialogs);
        var check = await Ok("course", "check", walk);
        check.Should().Contain("warning: the group \"g1\" has members in mon (2) and tue (1): its hand-in is graded in mon");

        Task<IPage> SignIn(string signIn, string token) => served.SignIn(signIn, token);

        static Task<string[]> Order(IPage page) => GroupOrderAsync(page);

        // Two tutors, two browsers: g1 first for tom only.
        var tom = await SignIn("/signin", tokens["tom"]);
        var tina = await SignIn("/signin", tokens["tina"]);
        await tom.GotoAsync(url + item.Path);
        await tina.GotoAsync(url + item.Path);
        (await Order(tom))[..2].Should().BeEquivalentTo([P("g1"), P("g2")], "g1 is graded in mon, where two of its three members are");
        (await Order(tina))[0].Should().Be(P("g3"));
        (await tina.TextContentAsync("#tutorials")).Should().Be("Your tutorials (tue) first: answer 1; the other tutorials' from answer 2 on.",
            "g1 spans tue too but is not first on tina's page: two tutors never open it at once");
        foreach (var page in new[] { tom, tina })
        {
            var html = await page.ContentAsync();
            foreach (var name in members.Append("dan").Append("gus"))
            {
                html.Should().NotContain($">{name}<").And.NotContain($"\"{name}\"").And.NotContain($"of {name}", "no tutor page names a student before a reveal");
            }
        }

        await tom.GotoAsync(url + "/sheet/000");
        (await tom.Locator("#tutorial-progress tr[data-tutorial=mon] td").AllTextContentsAsync())[1].Should().Be("2", "g1 and g2 are mon's");
        (await tom.Locator("#tutorial-progress tr[data-tutorial=tue] td").AllTextContentsAsync())[1].Should().Be("1", "g1 counts in its one tutorial, not in both");

        // tom scores g1's item with its full points; tina releases the sheet.
        var full = item.Levels[0].Points;
        var lower = item.Levels[1].Points;
        await tom.GotoAsync(url + item.Path);
        await ServeBrowserTests.Navigate(tom, () => tom.Locator($"section.group[data-students=\"{P("g1")}\"] .levels button[value=\"{Csv.Number(full)}\"]").ClickAsync(), 200);
        await tina.GotoAsync(url + "/sheet/000");
        await ServeBrowserTests.Navigate(tina, () => tina.ClickAsync("#students"), 200);
        await ServeBrowserTests.Navigate(tina, () => tina.ClickAsync("#release"), 200);
        (await tina.TextContentAsync("#release-state")).Should().Contain("Released to students by tina");

        // Three members, three browsers, one grade.
        var pages = new Dictionary<string, IPage>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            pages[member] = await SignIn(StudentRoutes.SignInPath, tokens[member]);
            (await pages[member].GotoAsync(url + StudentPages.SheetPath("000")))!.Status.Should().Be(200);
        }

        async Task<string[]> Grades() => [.. (await Task.WhenAll(members.Select(m => pages[m].TextContentAsync("#grade")))).Select(g => g ?? "")];
        var given = await Grades();
        given.Distinct().Should().ContainSingle($"every member reads g1's one grade: {string.Join(" | ", given)}");
        var box = $"section.task[data-task=\"{item.Task.Id}\"] div.item[data-item=\"{item.Item.Id}\"]";
        (await pages["cy"].TextContentAsync(box)).Should().Contain($"{Csv.Number(full)} of {Csv.Number(item.Item.Points)}");
        foreach (var member in members)
        {
            (await pages[member].TextContentAsync("body")).Should().NotMatchRegex(@"\b(dan|eve|fay|gus|hal|ivy|g2|g3)\b", "no student page shows another group's data");
        }

        // bob asks for a regrade in his browser; ada and cy see it as their group's.
        var bob = pages["bob"];
        var form = bob.Locator($"section.task[data-task=\"{item.Task.Id}\"] form.regrade:has(input[name=item][value=\"{item.Item.Id}\"])");
        await form.Locator("xpath=..").Locator("summary").ClickAsync();
        await form.Locator("textarea").FillAsync("we explained the batch mean");
        await ServeBrowserTests.Navigate(bob, () => form.Locator("button").ClickAsync(), 200);
        var answer = $"{box} + div.regrade";
        foreach (var member in new[] { "ada", "cy" })
        {
            await pages[member].ReloadAsync();
            (await pages[member].TextContentAsync(answer)).Should().Contain("Your group's regrade request, filed by bob").And.Contain("Not answered yet");
            (await pages[member].Locator($"{box} ~ details.regrade").CountAsync()).Should().Be(0, "one request per group and item: no second form");
        }

        // tom keeps the score; then tina, asked by the group in her tutorial, scores the item again.
        await tom.GotoAsync(url + "/sheet/000/students");
        (await tom.TextContentAsync("section.request.open")).Should().Contain(P("bob")).And.NotContain("bob ·");
        await tom.FillAsync("section.request.open textarea[name=reply]", "the mean is right, the shape is not");
        await ServeBrowserTests.Navigate(tom, () => tom.ClickAsync("section.request.open button[value=kept]"), 200);
        // tom's score stands: tina's key press is refused with it shown, and her one "Replace" completes it.
        await tina.GotoAsync(url + item.Path);
        await ServeBrowserTests.Navigate(tina, () => tina.Locator($"section.group[data-students=\"{P("g1")}\"] .levels button[value=\"{Csv.Number(lower)}\"]").ClickAsync(), 409);
        (await tina.TextContentAsync("body")).Should().Contain($"{P("g1")}: {Csv.Number(full)} by tom");
        await ServeBrowserTests.Navigate(tina, () => tina.ClickAsync("#confirm-replace"), 200);

        foreach (var member in members)
        {
            await pages[member].ReloadAsync();
            var text = await pages[member].TextContentAsync(answer);
            text.Should().Contain($"score kept at {Csv.Number(full)}").And.Contain("the mean is right, the shape is not")
                .And.Contain($"Scored again since this answer: the item's score is now {Csv.Number(lower)}", $"{member} is told the kept score was replaced");
            (await pages[member].TextContentAsync(box)).Should().Contain($"{Csv.Number(lower)} of {Csv.Number(item.Item.Points)}");
        }

        var after = await Grades();
        after.Distinct().Should().ContainSingle($"every member reads the one new grade: {string.Join(" | ", after)}");
        after[0].Should().NotBe(given[0], "tina's score changed the group's grade");
        await desk.Files.Written();
        var lms = GradebookCsv.Rows(Path.Combine(_run, "gradebook-lms.csv")).ToDictionary(r => r["Student"]);
        members.Select(m => lms[m]["Sheet 000 (points)"]).Distinct().Should().ContainSingle()
            .Which.Should().NotBeEmpty().And.Match(p => after[0].Contains(p, StringComparison.Ordinal), "the LMS file carries the grade the pages show");
        lms["cy"]["Section"].Should().Be("tue", "a member's own tutorial stays the LMS Section");
        dialogs.Should().BeEmpty();
    }

    /// <summary>
    /// The Heidelberg walks' one set-up: the spanning course of <see cref="SpanningCourseAsync"/> (its arguments), a desk on
    /// it with g1's manual items but 3 (a)'s scored (<see cref="ServeG1ButLossesAsync"/>), served on a loopback port, and
    /// a Chromium session. Disposed: the browser, the server, then the desk.
    /// </summary>
    private async Task<HeidelbergServe> HeidelbergServeAsync(string name, string[] students, Func<string, string>? edit = null)
    {
        var chromium = ServeBrowserTests.Find();
        var (walk, file, tokens, recorded) = await SpanningCourseAsync(name, students, edit);
        var desk = new GradingDesk(file, CommonOptions.Catalog);
        try
        {
            var (item, app, url) = await ServeG1ButLossesAsync(desk);
            return new HeidelbergServe(walk, file, tokens, recorded, desk, item, app, url, await SharedChromium.SessionAsync(chromium));
        }
        catch
        {
            desk.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Serves <paramref name="desk"/> on a loopback port with every manual item of g1 but 3 (a)'s scored in full (so g1's
    /// sheet is complete once the browser scores that one); returns 3 (a)'s item, the started server and its address.
    /// </summary>
    private static async Task<(SheetItem Item, Microsoft.AspNetCore.Builder.WebApplication App, string Url)> ServeG1ButLossesAsync(GradingDesk desk)
    {
        var items = desk.Items("000");
        var item = items.First(i => i.Task.Id == "000/3a/loss-functions");
        foreach (var other in items.Where(i => i != item))
        {
            desk.Scoring.Score(other, [("g1", 0)], other.Item.Points, "", "setup").Should().BeEmpty();
        }

        var app = Grader.Web.App.ServeApp.Build(desk, ["http://127.0.0.1:0"]);
        await app.StartAsync();
        return (item, app, TutorServer.Addresses(app).Single());
    }

    /// <summary>What <see cref="HeidelbergServeAsync"/> set up: the course file's path, the file, every token, what <c>semester record</c> printed, the desk, 3 (a)'s item, the server, its address and the browser.</summary>
    private sealed record HeidelbergServe(string Course, CourseFile File, Dictionary<string, string> Tokens, string Recorded, GradingDesk Desk, SheetItem Item,
        Microsoft.AspNetCore.Builder.WebApplication App, string Url, BrowserSession Browser) : IAsyncDisposable
    {
        /// <summary>The dialogs the walk's pages opened (none is expected).</summary>
        public List<string> Dialogs { get; } = [];

        /// <summary>A browser context of its own signed in at <paramref name="signIn"/> with <paramref name="token"/> (<see cref="BrowserSignInAsync"/>).</summary>
        public Task<IPage> SignIn(string signIn, string token) => BrowserSignInAsync(Browser, Url, Dialogs, signIn, token);

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            await App.DisposeAsync();
            Desk.Dispose();
        }
    }

    /// <summary>
    /// The walks' course: the fixture's with a gradebook of its own (<paramref name="name"/>.db), cy in tue (so g1 spans
    /// mon and tue), tina the tutor of tue, <paramref name="edit"/> applied; the run recorded in it, tom and tina added
    /// and <paramref name="students"/> given tokens. Returns its path, the file, every token and what the record printed.
    /// </summary>
    private async Task<(string Path, CourseFile File, Dictionary<string, string> Tokens, string Recorded)> SpanningCourseAsync(string name, string[] students, Func<string, string>? edit = null)
    {
        var walk = Path.Combine(_scratch.Root, name + ".toml");
        var text = File.ReadAllText(_course)
            .Replace("group-size = 3\n", $"group-size = 3\ngradebook = \"{name}.db\"\n", StringComparison.Ordinal)
            .Replace("students = [\"ada\", \"bob\", \"cy\", \"dan\", \"eve\", \"fay\"]", "students = [\"ada\", \"bob\", \"dan\", \"eve\", \"fay\"]", StringComparison.Ordinal)
            .Replace("students = [\"gus\", \"hal\", \"ivy\"]", "students = [\"cy\", \"gus\", \"hal\", \"ivy\"]", StringComparison.Ordinal)
            .Replace("tutors = []", "tutors = [\"tina\"]", StringComparison.Ordinal);
        File.WriteAllText(walk, edit is null ? text : edit(text));
        var recorded = await Ok("semester", "record", _run, "--course", walk);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tutor in new[] { "tom", "tina" })
        {
            tokens[tutor] = (await Ok("serve", "tutor", "add", tutor, "--course", walk)).Trim().Split('\n')[^1].Trim();
        }

        var file = CourseFile.Load(walk, CommonOptions.Catalog);
        using var gradebook = CourseGradebook.Open(file.Gradebook);
        foreach (var student in students)
        {
            tokens[student] = TutorToken.New();
        }

        gradebook.Releases.SetStudentTokens([.. students.Select(s => (s, TutorToken.Hash(tokens[s])))], "test");
        return (walk, file, tokens, recorded);
    }

    /// <summary>A browser context of its own (1280 × 900) signed in at <paramref name="signIn"/> with <paramref name="token"/>; its dialogs go to <paramref name="dialogs"/>.</summary>
    private static async Task<IPage> BrowserSignInAsync(BrowserSession browser, string url, List<string> dialogs, string signIn, string token)
    {
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })).NewPageAsync();
        page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        await page.GotoAsync(url + signIn);
        await page.FillAsync("input[name=token]", token);
        await ServeBrowserTests.Navigate(page, () => page.ClickAsync("form.signin button"), 200);
        return page;
    }

    /// <summary>The grading page's group hand-ins in the order it shows them (their pseudonyms).</summary>
    private static async Task<string[]> GroupOrderAsync(IPage page) =>
        [.. (await page.Locator("section.group").AllAsync()).Select(s => s.GetAttributeAsync("data-students").Result!)];
}
