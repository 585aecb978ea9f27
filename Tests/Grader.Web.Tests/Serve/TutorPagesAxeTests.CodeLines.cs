using Grader.Web.Comments;
using Microsoft.Playwright;

namespace Grader.Web.Tests.Serve;

/// <summary>The review view's compact code lines (issue 82: about 50 px a line was 16 lines on a screen), measured by chromium.</summary>
public sealed partial class TutorPagesAxeTests
{
    /// <summary>The tallest a line of code may stand: the stylesheet's 20 px line and a little for a font's rounding.</summary>
    private const double MaxLine = 24;

    /// <summary>
    /// Each line of alice's code that the browser draws on one line box stands at most <see cref="MaxLine"/> px tall at
    /// 1280 px; then, to show the measure catches what the issue saw, the same lines with the browser's own margins of a
    /// <c>pre</c> (the page before its compact rule) measure taller.
    /// </summary>
    [Test]
    public async Task The_code_views_lines_stand_at_most_24_px_apart_at_1280_px()
    {
        var chromium = ServeBrowserTests.Find();
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        await using var browser = await SharedChromium.SessionAsync(chromium);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url + "/signin");
        await page.FillAsync("input[name=token]", Course.Tokens["ana"]);
        await ServeBrowserTests.Navigate(page, () => page.ClickAsync("form.signin button"), 200);
        (await page.GotoAsync(url + CodePage.PathOf("000", ServeBrowserTests.P("alice"))))!.Status.Should().Be(200);

        // The rows of lines whose text is drawn on one line box (a long line wrapped is taller by right), each row's height.
        const string measure = """
            () => Array.from(document.querySelectorAll('table.code tr[id^="l"]')).flatMap(tr => {
              const pre = tr.querySelector('pre');
              if (!pre || pre.textContent.trim().length === 0) return [];
              const range = document.createRange();
              range.selectNodeContents(pre);
              const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
              return tops.size === 1 ? [tr.getBoundingClientRect().height] : [];
            })
            """;
        var heights = await page.EvaluateAsync<double[]>(measure);
        heights.Length.Should().BeGreaterThanOrEqualTo(10, "alice's code has lines to measure");
        heights.Max().Should().BeLessThanOrEqualTo(MaxLine, $"a line of code stands at most {MaxLine} px tall (measured: {string.Join(", ", heights.Distinct())})");

        // The measure fails the page the issue saw: a pre with the browser's own margins (1em above and below).
        await page.EvaluateAsync("() => document.querySelectorAll('table.code pre').forEach(p => p.style.margin = '1em 0')");
        (await page.EvaluateAsync<double[]>(measure)).Max().Should().BeGreaterThan(MaxLine, "the measure sees lines spread apart");
        await context.CloseAsync();
    }
}
