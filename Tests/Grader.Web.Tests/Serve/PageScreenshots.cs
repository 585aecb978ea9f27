using Grader.Figures;
using Grader.Web.Comments;
using Grader.Web.Students;
using Microsoft.Playwright;

namespace Grader.Web.Tests.Serve;

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
        StudentFiguresTests.AddPlots(Course, ("alice", "Samples of your model over the data", "your model", null));
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
            ("tutor-report-pdf", CodePage.PathOf("000", ServeBrowserTests.P("erin"), Grader.Checks.Results.InlineComment.ReportFile) + "&view=pdf"),
        ];
        (string Name, string Path)[] studentPages = [("student-home", StudentRoutes.Home), ("student-sheet", StudentPages.SheetPath("000")), ("student-plot", StudentPages.SheetPath("000") + "?view=plot"), ("student-line-comment", StudentPages.SheetPath("000") + "?view=comment")];
        await using var browser = await SharedChromium.SessionAsync(chromium);
        var blank = await (await browser.NewContextAsync()).NewPageAsync();
        var written = new List<string>();
        foreach (var (width, height) in Screens)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            var tutor = await context.NewPageAsync();
            await tutor.GotoAsync(url + "/signin");
            written.Add(await Shoot(tutor, blank, folder, "signin", width));
            await tutor.FillAsync("input[name=token]", Course.Tokens["ana"]);
            await ServeBrowserTests.Navigate(tutor, () => tutor.ClickAsync("form.signin button"), 200);
            foreach (var (name, path) in tutorPages)
            {
                (await tutor.GotoAsync(url + path))!.Status.Should().Be(200, path);
                await ScrollTo(tutor, path, "&view=pdf", "tr.pages");
                if (name is "tutor-review" or "tutor-report")
                {
                    // The code and the report from their list of files: "Scores now" above them fills a first screen.
                    await tutor.EvalOnSelectorAsync("nav.files", "e => e.scrollIntoView({ block: 'start' })");
                }

                written.Add(await Shoot(tutor, blank, folder, name, width));
            }

            var student = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } })).NewPageAsync();
            await student.GotoAsync(url + StudentRoutes.SignInPath);
            await StudentPagesAxeTests.SignIn(student, token);
            foreach (var (name, path) in studentPages)
            {
                (await student.GotoAsync(url + path))!.Status.Should().Be(200, path);
                await ScrollTo(student, path, "?view=plot", "li:has(> figure.plot)");
                var clip = path.EndsWith("?view=comment", StringComparison.Ordinal) ? await HeadingAndComment(student) : null;
                written.Add(await Shoot(student, blank, folder, name, width, clip));
            }
        }

        // Every picture is shown by a guide.
        var guides = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "student-guide.md")) + File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "tutor-guide.md"));
        written.Where(name => !guides.Contains($"screenshots/{name}", StringComparison.Ordinal)).Should().BeEmpty("the guides link every screenshot");
        TestContext.Out.WriteLine($"{written.Count} screenshots, {written.Sum(n => new FileInfo(Path.Combine(folder, n)).Length) / 1024} KB in {folder}");
    }

    /// <summary>When <paramref name="path"/> ends in <paramref name="mark"/>: the first <paramref name="selector"/> scrolled to the top of the screen, its images drawn.</summary>
    private static async Task ScrollTo(IPage page, string path, string mark, string selector)
    {
        if (!path.EndsWith(mark, StringComparison.Ordinal))
        {
            return;
        }

        await page.EvalOnSelectorAsync(selector, "e => e.scrollIntoView({ block: 'start' })");
        await page.WaitForFunctionAsync($"() => Array.from(document.querySelector('{selector}').querySelectorAll('img')).every(i => i.complete && i.naturalWidth > 0)");
    }

    /// <summary>
    /// The first tutor's line comment with its task's heading: scrolled so the heading is at the top of the screen when
    /// the heading and the comment fit on it (null: the screen is shot), else the page's region from the heading to the
    /// comment (a phone's long task), so the picture always shows the task and the commented line together.
    /// </summary>
    private static async Task<Clip?> HeadingAndComment(IPage page)
    {
        // The task's plots first drawn (they load lazily, near the screen): they set how far the comment is below its heading.
        await page.EvalOnSelectorAsync("div.line-comments", "e => (e.closest('section') ?? e).scrollIntoView({ block: 'start' })");
        await page.WaitForFunctionAsync("() => Array.from(document.querySelector('div.line-comments').closest('section').querySelectorAll('img')).every(i => i.complete && i.naturalWidth > 0)");
        var box = await page.EvalOnSelectorAsync<double[]>("div.line-comments", """
            e => {
              const heading = (e.closest('section') ?? e).querySelector('h2') ?? e;
              const top = heading.getBoundingClientRect().top + window.scrollY - 8;
              const bottom = e.getBoundingClientRect().bottom + window.scrollY + 8;
              window.scrollTo(0, top);
              return [top, bottom, document.documentElement.clientWidth, window.innerHeight];
            }
            """);
        var (top, bottom, width, height) = (box[0], box[1], box[2], box[3]);
        return bottom - top <= height ? null : new Clip { X = 0, Y = (float)top, Width = (float)width, Height = (float)(bottom - top) };
    }

    /// <summary>A PNG's pixels through chromium's decoder (on <c>about:blank</c>): "width,height,base64 of RGBA".</summary>
    internal const string Decode = """
        async png => {
          const image = new Image();
          image.src = 'data:image/png;base64,' + png;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width; canvas.height = image.height;
          const context = canvas.getContext('2d');
          context.drawImage(image, 0, 0);
          const rgba = context.getImageData(0, 0, image.width, image.height).data;
          let text = '';
          for (let i = 0; i < rgba.length; i += 0x8000) text += String.fromCharCode.apply(null, rgba.subarray(i, i + 0x8000));
          return image.width + ',' + image.height + ',' + btoa(text);
        }
        """;

    /// <summary>
    /// The page's first screen (or <paramref name="clip"/> of the page) as <c>NAME-WIDTH.png</c> in <paramref name="folder"/>, in its 256 most frequent colours
    /// (every other colour drawn as the nearest of them: a page's text, backgrounds and links keep their colours, an
    /// antialiased edge may move a shade; a third of the RGBA file's size); returns the file's name.
    /// </summary>
    private static async Task<string> Shoot(IPage page, IPage blank, string folder, string name, int width, Clip? clip = null)
    {
        var file = $"{name}-{width}.png";
        var shot = clip is null ? new PageScreenshotOptions { FullPage = false } : new PageScreenshotOptions { FullPage = true, Clip = clip };
        var decoded = (await blank.EvaluateAsync<string>(Decode, Convert.ToBase64String(await page.ScreenshotAsync(shot)))).Split(',');
        var (w, h, rgba) = (int.Parse(decoded[0], CultureInfo.InvariantCulture), int.Parse(decoded[1], CultureInfo.InvariantCulture), Convert.FromBase64String(decoded[2]));
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < w * h; i++)
        {
            var colour = (rgba[4 * i] << 16) | (rgba[(4 * i) + 1] << 8) | rgba[(4 * i) + 2];
            counts[colour] = counts.GetValueOrDefault(colour) + 1;
        }

        var palette = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(256).Select(c => c.Key).ToArray();
        var index = counts.Keys.ToDictionary(c => c, c => (byte)Enumerable.Range(0, palette.Length).MinBy(k => Distance(palette[k], c)));
        var indices = new byte[w * h];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = index[(rgba[4 * i] << 16) | (rgba[(4 * i) + 1] << 8) | rgba[(4 * i) + 2]];
        }

        var bytes = PngEncoder.EncodeIndexed(w, h, palette.SelectMany(c => new[] { (byte)(c >> 16), (byte)(c >> 8), (byte)c }).ToArray(), indices);
        bytes.Length.Should().BeGreaterThan(4_000, $"{file} shows the page");
        await File.WriteAllBytesAsync(Path.Combine(folder, file), bytes);
        return file;
    }

    /// <summary>The squared distance of two colours (0xRRGGBB).</summary>
    private static int Distance(int a, int b)
    {
        var (r, g, l) = (((a >> 16) & 255) - ((b >> 16) & 255), ((a >> 8) & 255) - ((b >> 8) & 255), (a & 255) - (b & 255));
        return (r * r) + (g * g) + (l * l);
    }
}
