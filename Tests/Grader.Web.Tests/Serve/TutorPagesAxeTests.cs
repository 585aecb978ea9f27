using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Grader.Web.Comments;
using Microsoft.Playwright;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The tutors' pages in Debian's chromium at a phone's and a laptop's width (issue 82, item 4): the review view (a PDF
/// report's pages under their items, a report's problems), the
/// grading page, the sheet page, statistics and audit (and, in the long test, the sign-in page, the sheets and a sheet's
/// release and regrade page) each have no horizontal overflow, every interactive element is
/// reached by Tab, and axe-core reports no WCAG 2.1 A/AA violation. Skipped without chromium unless
/// GRADER_REQUIRE_CHROMIUM=1.
/// </summary>
[NonParallelizable]
public sealed partial class TutorPagesAxeTests : ServeCourseTests
{
    private static readonly AxeRunOptions Wcag21 = new() { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } };

    /// <summary>The cheap twin of the one below (about 4 s of CPU, not 12): the review view and statistics at a phone's width.</summary>
    [Test]
    public Task The_review_view_and_statistics_fit_390_px_are_reached_by_tab_and_have_no_wcag_violation() =>
        Check([390], alice => [CodePage.PathOf("000", alice), Report("erin"), "/sheet/000/statistics"]);

    /// <summary>The code page of <paramref name="student"/>'s written report (erin's is a PDF's pages, carol's has problems).</summary>
    private static string Report(string student) => CodePage.PathOf("000", ServeBrowserTests.P(student), Grader.Checks.Results.InlineComment.ReportFile);

    [Test]
    [Explicit("about 12 s of CPU: every tutor page at both widths; the twin above runs always")]
    public Task Each_tutor_page_fits_390_and_1280_px_is_reached_by_tab_and_has_no_wcag_violation()
    {
        var item = Course.Item();
        return Check([390, 1280], alice => [CodePage.PathOf("000", alice), CodePage.PathOf("000", alice, Grader.Checks.Results.InlineComment.ReportFile) + "&line=1#add", Report("erin"), Report("carol"), item.Path, "/", "/sheet/000", "/sheet/000/students", "/sheet/000/statistics", $"{item.Path}/audit/{alice}"], signIn: true);
    }

    private async Task Check(int[] widths, Func<string, string[]> paths, bool signIn = false)
    {
        var chromium = ServeBrowserTests.Find();
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        var pages = paths(ServeBrowserTests.P("alice"));
        await using var browser = await SharedChromium.SessionAsync(chromium);
        var problems = new List<string>();
        foreach (var width in widths)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(url + "/signin");
            if (signIn)
            {
                problems.AddRange(await Problems(page, $"/signin at {width} px"));
            }

            await page.FillAsync("input[name=token]", Course.Tokens["ana"]);
            await ServeBrowserTests.Navigate(page, () => page.ClickAsync("form.signin button"), 200);
            foreach (var path in pages)
            {
                (await page.GotoAsync(url + path))!.Status.Should().Be(200, path);
                problems.AddRange(await Problems(page, $"{path} at {width} px"));
                problems.AddRange(await BrokenHeadings(page, $"{path} at {width} px"));
            }

            await context.CloseAsync();
        }

        problems.Should().BeEmpty();
    }

    /// <summary>
    /// Every problem of the page at once (<paramref name="where"/> names it): the elements that stick out on the right or
    /// whose text runs out of them (the page itself when it is wider than the screen and no element is),
    /// axe's WCAG 2.1 A/AA violations, an element Tab skips. The students' pages use it too (<see cref="StudentPagesAxeTests"/>).
    /// </summary>
    internal static async Task<IEnumerable<string>> Problems(IPage page, string where)
    {
        // A page wider than the screen: the elements that stick out, or whose text runs out of their box (a long word);
        // else the page itself, so an overflow is never passed over for want of a culprit.
        var wide = await page.EvaluateAsync<string[]>("""
            () => {
              const d = document.documentElement;
              if (d.scrollWidth <= d.clientWidth) return [];
              const wide = Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > d.clientWidth + 0.5 || (!(e instanceof SVGElement) && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'))
                .slice(0, 5).map(e => e.outerHTML.slice(0, 120));
              return wide.length > 0 ? wide : [`the page: ${d.scrollWidth} px wide on a screen of ${d.clientWidth}`];
            }
            """);
        var violations = (await page.RunAxe(Wcag21)).Violations.Select(v => $"{where}: {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}");
        return [.. wide.Select(w => $"{where}: wider than the screen: {w}"), .. violations, .. await Unreached(page, where)];
    }

    /// <summary>
    /// The words of a table's column headings drawn on two lines ("sc/or/ed", "vers/ion": issue 82's audit at 390 px): each
    /// word of a heading's text (between spaces and hyphens: "exam-/like" breaks where a reader expects) is a range,
    /// broken when its boxes stand on more than one line.
    /// </summary>
    internal static async Task<IEnumerable<string>> BrokenHeadings(IPage page, string where) =>
        (await page.EvaluateAsync<string[]>("""
            () => {
              const broken = [];
              for (const th of document.querySelectorAll('th')) {
                const texts = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
                for (let node = texts.nextNode(); node; node = texts.nextNode()) {
                  for (const word of node.data.matchAll(/[^\s\-\u2010\u2013]+/g)) {
                    const range = document.createRange();
                    range.setStart(node, word.index);
                    range.setEnd(node, word.index + word[0].length);
                    if (new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size > 1) broken.push(word[0]);
                  }
                }
              }
              return broken;
            }
            """)).Select(word => $"{where}: a column heading's word broken across lines: {word}");

    /// <summary>Tabs through the page from its top: the visible interactive elements that never got the focus.</summary>
    private static async Task<IEnumerable<string>> Unreached(IPage page, string where)
    {
        const string focusable = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
        var count = await page.EvaluateAsync<int>($"() => {{ let i = 0; for (const e of document.querySelectorAll(\"{focusable}\")) {{ if (e.checkVisibility() && e.getClientRects().length > 0) {{ e.dataset.tab = 'n' + (i++); }} }} if (document.activeElement) document.activeElement.blur(); return i; }}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count + 2; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement?.dataset?.tab ?? null") is { } tab)
            {
                seen.Add(tab);
            }
        }

        var unreached = Enumerable.Range(0, count).Select(i => $"n{i}").Where(tab => !seen.Contains(tab)).ToArray();
        return unreached.Length == 0 ? [] : await page.EvaluateAsync<string[]>("([where, tabs]) => tabs.map(t => where + ': Tab never reaches ' + document.querySelector(`[data-tab=\"${t}\"]`).outerHTML.slice(0, 120))", new object[] { where, unreached });
    }
}
