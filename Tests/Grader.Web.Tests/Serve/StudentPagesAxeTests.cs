using Grader.Semester;
using Grader.Web;
using Grader.Web.Comments;
using Grader.Web.Students;
using Microsoft.Playwright;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The students' pages in Debian's chromium at a phone's and a laptop's width (issue 82, item 5), as
/// <see cref="TutorPagesAxeTests"/> checks the tutors': sign-in, home, a released sheet whose grade carries checks,
/// manual items (a level and a tutor's comment), a tutor's comment on a line of the code, its regrade form opened, and
/// the feedback (the course's, and one with the grader's plots and image grids), and a check's plot and image grid on the sheet page. Each has no horizontal overflow, every interactive element is reached by Tab,
/// and axe-core reports no WCAG 2.1 A/AA violation. Skipped without chromium unless GRADER_REQUIRE_CHROMIUM=1.
/// </summary>
[NonParallelizable]
public sealed partial class StudentPagesAxeTests : ServeCourseTests
{
    /// <summary>What a tutor writes on a line of alice's code: the sheet's symbols with combining marks, and markup.</summary>
    internal const string LineComment = "μ̃ and β̃ as the sheet writes them; ε̂ is the <b>predicted</b> noise";

    /// <summary>The cheap twin of the one below: the sheet, its regrade form open, and a feedback page with plots, at a phone's width.</summary>
    [Test]
    public Task The_sheet_with_its_regrade_form_fits_390_px_is_reached_by_tab_and_has_no_wcag_violation() =>
        Check([390], full: false);

    [Test]
    [Explicit("about 10 s of CPU: every student page at both widths; the twin above runs always")]
    public Task Each_student_page_fits_390_and_1280_px_is_reached_by_tab_and_has_no_wcag_violation() =>
        Check([390, 1280], full: true);

    /// <summary>alice's pages after sign-in, each with a name.</summary>
    internal static readonly (string Path, string Name)[] Pages =
        [(StudentRoutes.Home, "home"), (StudentPages.SheetPath("000"), "sheet"), (StudentPages.SheetPath("000") + "/feedback", "feedback")];

    /// <summary>The sheet with its regrade form open at each of <paramref name="widths"/>; with <paramref name="full"/> also sign-in, home, the sheet as it loads and the feedback.</summary>
    private Task Check(int[] widths, bool full) => Served(async (url, browser, token) =>
    {
        var problems = new List<string>();
        foreach (var width in widths)
        {
            var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } })).NewPageAsync();
            await page.GotoAsync(url + StudentRoutes.SignInPath);
            if (full)
            {
                problems.AddRange(await TutorPagesAxeTests.Problems(page, $"sign-in at {width} px"));
            }

            await SignIn(page, token);
            foreach (var (path, name) in full ? Pages : [])
            {
                (await page.GotoAsync(url + path))!.Status.Should().Be(200, path);
                problems.AddRange(await TutorPagesAxeTests.Problems(page, $"{name} at {width} px"));
                problems.AddRange(await TutorPagesAxeTests.BrokenHeadings(page, $"{name} at {width} px"));
            }

            // A feedback page with the grader's plots and image grids and failed checks' expected and seen values (the
            // course's cheap checks draw none): FeedbackHtml's page as the student's folder holds it.
            // (on about:blank: the served page's policy would refuse the file's inline style, which its own policy allows).
            await page.GotoAsync("about:blank");
            // Its footer names the grader as a built tool does ("1.0.0+" and the commit's 40 hex digits: one long word).
            await page.SetContentAsync(FeedbackHtml.Render(ReporterFixture.AliceWithPictures(), ReporterFixture.Run with { Version = "1.0.0+337bcb519586e3507d5d1e152c49588bbb5241ec" }));
            (await page.Locator("figure svg").CountAsync()).Should().BeGreaterThan(0, "the page has plots");
            problems.AddRange(await TutorPagesAxeTests.Problems(page, $"feedback with plots at {width} px"));
            problems.AddRange(await TutorPagesAxeTests.BrokenHeadings(page, $"feedback with plots at {width} px"));

            // The regrade form of the first task, opened.
            await page.GotoAsync(url + StudentPages.SheetPath("000"));
            await page.Locator("details.regrade summary").First.ClickAsync();
            (await page.Locator("details.regrade form textarea").First.IsVisibleAsync()).Should().BeTrue("the form is open");
            (await page.Locator("section.task li.inline-comment").CountAsync()).Should().Be(1, "the tutor's line comment is on the page, under its task");

            // The check's plot under it, drawn by chromium from its own route (an SVG image).
            var plot = page.Locator("figure.plot img").First;
            await plot.ScrollIntoViewIfNeededAsync();
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('figure.plot img'); return i && i.complete && i.naturalWidth > 0; }");
            (await plot.BoundingBoxAsync())!.Width.Should().BeInRange(100, width, "the plot is drawn within the page's width");

            // The check's image grid under it: one SVG whose images are data URIs; chromium draws them (the four black
            // images are most of the drawing's pixels; a grid drawn without them is white).
            var grid = page.Locator("figure.images img").First;
            await grid.ScrollIntoViewIfNeededAsync();
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('figure.images img'); return i && i.complete && i.naturalWidth > 0; }");
            (await grid.BoundingBoxAsync())!.Width.Should().BeInRange(100, width, "the grid is drawn within the page's width");
            (await DarkShare(page.Context, await grid.ScreenshotAsync())).Should().BeGreaterThan(0.3, $"the grid's images are drawn at {width} px");
            problems.AddRange(await TutorPagesAxeTests.Problems(page, $"regrade form at {width} px"));

            // Opened on its own (a student's "open image in a new tab"), where its own policy applies: its images are drawn too.
            (await page.GotoAsync(url + StudentPages.SheetPath("000") + "/images/0"))!.Status.Should().Be(200);
            (await DarkShare(page.Context, await page.Locator("svg").ScreenshotAsync())).Should().BeGreaterThan(0.3, "the grid's own policy lets its data images load");
        }

        problems.Should().BeEmpty();
    });

    /// <summary>The share of <paramref name="png"/>'s pixels darker than mid-grey, decoded by chromium on a blank page of <paramref name="context"/>.</summary>
    internal static async Task<double> DarkShare(IBrowserContext context, byte[] png)
    {
        var blank = await context.NewPageAsync();
        try
        {
            var decoded = (await blank.EvaluateAsync<string>(PageScreenshots.Decode, Convert.ToBase64String(png))).Split(',');
            var rgba = Convert.FromBase64String(decoded[2]);
            var dark = 0;
            for (var i = 0; i < rgba.Length; i += 4)
            {
                dark += rgba[i] + rgba[i + 1] + rgba[i + 2] < 3 * 96 ? 1 : 0;
            }

            return dark / (rgba.Length / 4.0);
        }
        finally
        {
            await blank.CloseAsync();
        }
    }

    /// <summary>Runs <paramref name="test"/> on the course's app, started with sheet 000 <see cref="Graded"/>: its address, a session of the shared chromium, alice's token.</summary>
    private async Task Served(Func<string, BrowserSession, string, Task> test)
    {
        var chromium = ServeBrowserTests.Find();
        StudentFiguresTests.AddPlots(Course, ("alice", "Samples of your model over the data", "your model", null));
        var token = Graded(Course);
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        await using var browser = await SharedChromium.SessionAsync(chromium);
        await test(url, browser, token);
    }

    /// <summary>
    /// Sheet 000 released with a grade that carries everything a student's page shows: the checks of the run, every
    /// manual item of alice's scored (the first at its top level with a comment), a tutor's comment on line 3 of her first
    /// code file. Returns alice's student token (set in the gradebook).
    /// </summary>
    internal static string Graded(ServeCourse course)
    {
        var token = TutorToken.New();
        using (var gradebook = course.Gradebook())
        {
            gradebook.Releases.SetStudentTokens([("alice", TutorToken.Hash(token))], "test");
        }

        using var desk = new GradingDesk(course.Course, CommonOptions.Catalog);
        if (desk.Commenting.Comments("000", "alice").Count > 0)
        {
            return token;
        }

        desk.Locked(g => g.Releases.Release("000", "ana"));
        var items = desk.Items("000");
        foreach (var item in items)
        {
            desk.Scoring.Score(item, [("alice", 0)], item == items[0] ? item.Item.Points : 0, item == items[0] ? "derives μ̃ from x̂₀ in two lines" : "", "ana").Should().BeEmpty();
        }

        var file = desk.Commenting.Document("000", "alice")!.Files.First(f => f.EndsWith(".cs", StringComparison.Ordinal));
        desk.Commenting.AddComment("000", "alice", file, 3, LineComment, "ana");
        return token;
    }

    /// <summary>Signs <paramref name="page"/> in on the students' sign-in page with <paramref name="token"/>.</summary>
    internal static async Task SignIn(IPage page, string token)
    {
        await page.FillAsync("input[name=token]", token);
        await ServeBrowserTests.Navigate(page, () => page.ClickAsync("form.signin button"), 200);
    }
}
