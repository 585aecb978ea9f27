using Grader.Web.Comments;
using Grader.Web.Students;
using Microsoft.Playwright;

namespace Grader.Cli.Tests.Serve;

/// <summary>
/// The guides' screenshots (issue 82, item 5): every page a student or tutor reads, at a phone's (390 × 844) and a
/// laptop's (1280 × 800) first screen, written into <c>docs/screenshots/</c> (or GRADER_SERVE_SCREENSHOTS) as
/// <c>NAME-WIDTH.png</c>. One command regenerates them all (docs/README.md):
/// <c>dotnet test Tests/Grader.Web.Tests --filter "FullyQualifiedName~PageScreenshots"</c>.
/// </summary>
[NonParallelizable]
public sealed class PageScreenshots : ServeCourseTests
{
    private static readonly (int Width, int Height)[] Screens = [(390, 844), (1280, 800)];

    [Test]
    [Explicit("writes the guides' screenshots into docs/screenshots (about 15 s of CPU)")]
    public async Task Every_page_at_390_and_1280_px_into_docs_screenshots()
    {
        var chromium = ServeBrowserTests.Find();
        var token = StudentPagesAxeTests.Graded(Course);
        var folder = Environment.GetEnvironmentVariable("GRADER_SERVE_SCREENSHOTS") ?? Path.Combine(RepositoryRoot.Path, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var alice = ServeBrowserTests.P("alice");
        var item = Course.Item();
        (string Name, string Path)[] tutorPages =
        [
            ("tutor-sheet", "/sheet/000"), ("tutor-grading", item.Path), ("tutor-review", CodePage.PathOf("000", alice)),
            ("tutor-report", CodePage.PathOf("000", alice, Grader.Checks.Results.InlineComment.ReportFile)),
            ("tutor-statistics", "/sheet/000/statistics"), ("tutor-audit", $"{item.Path}/audit/{alice}"),
        ];
        (string Name, string Path)[] studentPages = [("student-home", StudentRoutes.Home), ("student-sheet", StudentPages.SheetPath("000"))];
        await using var browser = await SharedChromium.SessionAsync(chromium);
        var written = new List<string>();
        foreach (var (width, height) in Screens)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            var tutor = await context.NewPageAsync();
            await tutor.GotoAsync(url + "/signin");
            written.Add(await Shoot(tutor, folder, "signin", width));
            await tutor.FillAsync("input[name=token]", Course.Tokens["ana"]);
            await ServeBrowserTests.Navigate(tutor, () => tutor.ClickAsync("form.signin button"), 200);
            foreach (var (name, path) in tutorPages)
            {
                (await tutor.GotoAsync(url + path))!.Status.Should().Be(200, path);
                written.Add(await Shoot(tutor, folder, name, width));
            }

            var student = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } })).NewPageAsync();
            await student.GotoAsync(url + StudentRoutes.SignInPath);
            await StudentPagesAxeTests.SignIn(student, token);
            foreach (var (name, path) in studentPages)
            {
                (await student.GotoAsync(url + path))!.Status.Should().Be(200, path);
                written.Add(await Shoot(student, folder, name, width));
            }
        }

        // Every picture is shown by a guide.
        var guides = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "student-guide.md")) + File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "tutor-guide.md"));
        written.Where(name => !guides.Contains($"screenshots/{name}", StringComparison.Ordinal)).Should().BeEmpty("the guides link every screenshot");
        TestContext.Out.WriteLine($"{written.Count} screenshots, {written.Sum(n => new FileInfo(Path.Combine(folder, n)).Length) / 1024} KB in {folder}");
    }

    /// <summary>The page's first screen as <c>NAME-WIDTH.png</c> in <paramref name="folder"/>; returns the file's name.</summary>
    private static async Task<string> Shoot(IPage page, string folder, string name, int width)
    {
        var file = $"{name}-{width}.png";
        var shot = Path.Combine(folder, file);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = false });
        new FileInfo(shot).Length.Should().BeGreaterThan(4_000, $"{file} shows the page");
        return file;
    }
}
