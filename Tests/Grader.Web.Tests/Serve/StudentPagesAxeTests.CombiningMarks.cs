using Grader.Web.Comments;
using Grader.Web.Students;
using Microsoft.Playwright;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Combining marks by pixels (issue 82, item 4): the sheets write μ̃, β̃ and ε̂ as a letter and a combining mark (U+0303,
/// U+0302), which a font without mark positioning draws beside the letter ("μ˜"), or a hat off its letter. Every font
/// stack the pages use (each element's computed <c>font-family</c>, and a monospace block's) is drawn on a canvas in
/// chromium: the letter alone, then with its mark; the mark's ink (what the second drawing adds) must sit over the letter.
/// </summary>
public sealed partial class StudentPagesAxeTests
{
    /// <summary>The sheets' symbols with a combining mark (x̂₀ too).</summary>
    private static readonly string[] Marked = ["μ\u0303", "β\u0303", "ε\u0302", "x\u0302"];

    /// <summary>The same letters with a spacing tilde (U+02DC) and a circumflex (U+005E): what a detached mark looks like.</summary>
    private static readonly string[] Detached = ["μ\u02DC", "ε^"];

    /// <summary>Every distinct computed font-family of the page, and a probe <c>pre</c>'s and <c>code</c>'s (a monospace block the page may not have yet).</summary>
    private const string Stacks = """
        () => {
          const probes = ['pre', 'code'].map(t => document.body.appendChild(document.createElement(t)));
          const stacks = [...new Set(Array.from(document.querySelectorAll('body, body *')).map(e => getComputedStyle(e).fontFamily))];
          probes.forEach(p => p.remove());
          return stacks;
        }
        """;

    /// <summary>
    /// Draws each text at 64 px in the stack, and its first letter alone; per text: the letter's advance, the text's
    /// advance, the letter's ink box (left, right, top, bottom) and the mark's (the pixels the text adds to the letter),
    /// from the pen's position on the baseline. Null when the stack is no CSS font list. The page's font faces are loaded first.
    /// </summary>
    private const string Ink = """
        async ([stack, texts]) => {
          await document.fonts.load('64px ' + stack, texts.join(''));
          const w = 320, h = 200, x0 = 60, y0 = 140;
          const canvas = document.createElement('canvas');
          canvas.width = w; canvas.height = h;
          const ctx = canvas.getContext('2d', { willReadFrequently: true });
          ctx.font = '1px serif';
          ctx.font = '64px ' + stack;
          if (ctx.font.startsWith('1px')) return null;
          const draw = text => {
            ctx.clearRect(0, 0, w, h);
            ctx.fillStyle = '#000'; ctx.textBaseline = 'alphabetic'; ctx.textAlign = 'left';
            ctx.fillText(text, x0, y0);
            const d = ctx.getImageData(0, 0, w, h).data, a = new Uint8Array(w * h);
            for (let i = 0; i < w * h; i++) a[i] = d[4 * i + 3];
            return { advance: ctx.measureText(text).width, alpha: a };
          };
          const box = f => {
            let l = w, r = -1, t = h, b = -1;
            for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (f(y * w + x)) { l = Math.min(l, x); r = Math.max(r, x); t = Math.min(t, y); b = Math.max(b, y); }
            return r < 0 ? [0, -1, 0, -1] : [l - x0, r - x0, t - y0, b - y0];
          };
          return texts.map(text => {
            const letter = draw(text.slice(0, 1)), both = draw(text);
            return [letter.advance, both.advance, ...box(i => letter.alpha[i] > 96), ...box(i => both.alpha[i] - letter.alpha[i] > 96)];
          });
        }
        """;

    [Test]
    public Task The_sheets_combining_marks_sit_over_their_letters_in_every_font_the_pages_use() => Served(async (url, browser, token) =>
    {
        var student = await (await browser.NewContextAsync()).NewPageAsync();
        await student.GotoAsync(url + StudentRoutes.SignInPath);
        await SignIn(student, token);
        var tutor = await (await browser.NewContextAsync()).NewPageAsync();
        await tutor.GotoAsync(url + "/signin");
        await tutor.FillAsync("input[name=token]", Course.Tokens["ana"]);
        await ServeBrowserTests.Navigate(tutor, () => tutor.ClickAsync("form.signin button"), 200);

        // The student's sheet and feedback, the review of the code and of the report: the fonts of each.
        var alice = ServeBrowserTests.P("alice");
        var problems = new List<string>();
        var measured = new HashSet<string>(StringComparer.Ordinal);
        // Each stack on the first page that uses it (the page's own font faces with it).
        async Task Measure(IPage page, string where)
        {
            foreach (var stack in (await page.EvaluateAsync<string[]>(Stacks)).Where(measured.Add))
            {
                var ink = await page.EvaluateAsync<double[][]?>(Ink, new object[] { stack, Marked });
                ink.Should().NotBeNull($"\"{stack}\" is a CSS font list");
                problems.AddRange(Marked.Zip(ink!).Select(m => Misplaced(m.Second) is { } why ? $"\"{m.First}\" in {stack} on {where}: {why}" : null).OfType<string>());
            }
        }

        foreach (var (page, path) in new[] { (student, StudentPages.SheetPath("000")), (student, StudentPages.SheetPath("000") + "/feedback"), (tutor, CodePage.PathOf("000", alice)), (tutor, CodePage.PathOf("000", alice, Grader.Checks.Results.InlineComment.ReportFile)) })
        {
            (await page.GotoAsync(url + path))!.Status.Should().Be(200, path);
            await Measure(page, path);
        }

        // A feedback page with plots (their SVG text has a font of its own), on about:blank as the student's folder holds it.
        await tutor.GotoAsync("about:blank");
        await tutor.SetContentAsync(FeedbackHtml.Render(ReporterFixture.AliceWithPictures(), ReporterFixture.Run));
        await Measure(tutor, "a feedback page with plots");
        measured.Should().Contain(s => s.Contains("Helvetica", StringComparison.Ordinal), "the plots' font (the figures' SVG text) is measured");

        (await student.GotoAsync(url + StudentPages.SheetPath("000")))!.Status.Should().Be(200);
        (await student.TextContentAsync("section.task li.inline-comment")).Should().Contain("μ̃ and β̃", "the tutor's comment reaches the page as written");
        measured.Should().Contain(s => s.Contains("monospace", StringComparison.Ordinal), "the pages have monospace blocks");
        problems.Should().BeEmpty();

        // The check catches a detached mark: a spacing tilde and circumflex after the letter, in the page's own font.
        var detached = await student.EvaluateAsync<double[][]>(Ink, new object[] { await student.EvaluateAsync<string>("() => getComputedStyle(document.body).fontFamily"), Detached });
        detached.Select(Misplaced).Should().AllSatisfy(why => why.Should().NotBeNull(), "a mark beside its letter is caught");
    });

    /// <summary>
    /// Why a mark's ink (<paramref name="m"/>: see <see cref="Ink"/>) is not over its letter, or null: the text is wider
    /// than the letter by more than a pixel (the mark took room of its own), the mark's centre is outside the letter's
    /// advance, or its bottom is below the letter's middle.
    /// </summary>
    private static string? Misplaced(double[] m)
    {
        var (letter, advance, letterTop, letterBottom, markLeft, markRight, markBottom) = (m[0], m[1], m[4], m[5], m[6], m[7], m[9]);
        var centre = (markLeft + markRight) / 2;
        return markRight < markLeft ? "no mark drawn"
            : Math.Abs(advance - letter) > 1 ? $"{advance - letter:0.#} px wider than the letter alone"
            : centre < 0 || centre > letter ? $"the mark's centre at {centre:0.#} px, outside the letter's 0–{letter:0.#} px"
            : markBottom > (letterTop + letterBottom) / 2 ? "the mark reaches below the letter's middle"
            : null;
    }
}
