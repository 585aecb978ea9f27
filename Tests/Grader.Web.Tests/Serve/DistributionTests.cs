using System.Text.RegularExpressions;
using Grader.Figures;
using Grader.Semester;
using Grader.Web;

namespace Grader.Web.Tests.Serve;

/// <summary>The statistics page's distributions (issue 82, item 3): an inline SVG per item, from the project's figure code, with its text alternative.</summary>
public sealed partial class DistributionTests
{
    [GeneratedRegex("<circle cx=\"([0-9.]+)\" cy=\"[0-9.]+\" r=\"[0-9.]+\" fill=\"(#[0-9a-f]{6})\"/>")]
    private static partial Regex Circle();

    [Test]
    public void Two_tutors_who_drift_apart_are_two_rows_of_dots_apart_and_the_figure_says_so_in_words()
    {
        var task = CommonOptions.Catalog.FindTask("000/3b/autodiff-modes")!;
        var item = new SheetItem("000", 0, task, task.Manual[0] with { Points = 2, Levels = [new(2, "right"), new(1, "half"), new(0, "wrong")] });
        ManualScoreEntry E(string student, double points, string tutor) => new(student, task.Id, item.Item.Id, points, "", tutor, "2026-11-27T00:00:00Z", 1);
        // ana gives 2 to every answer, ben 0 or 1: a drift a head tutor should see.
        var scores = new[] { E("a", 2, "ana"), E("b", 2, "ana"), E("c", 2, "ana"), E("d", 0, "ben"), E("e", 1, "ben"), E("f", 0, "<ben>") };
        var s = ItemStatistics.Of(item, scores, [], 6);
        var html = Distribution.Html(s);
        html.Should().StartWith("<figure class=\"distribution\"><svg role=\"img\" aria-labelledby=\"dist0-title\" ");
        html.Should().Contain("<title id=\"dist0-title\">").And.Contain("all 6 current scores").And.Contain("&lt;ben&gt;").And.NotContain("<ben>", "a tutor's name is escaped");
        html.Should().NotContain("style=", "the pages' policy allows no inline style");

        // Dots: all six in the top row's colour, then one colour per tutor in ordinal order ("<ben>", ana, ben): ana's three at one x, ben's two left of it.
        var dots = Circle().Matches(html).Select(m => (X: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Color: m.Groups[2].Value)).ToArray();
        dots.Count(d => d.Color == Palette.Color(0)).Should().Be(6);
        var ana = dots.Where(d => d.Color == Palette.Color(2)).Select(d => d.X).ToArray();
        var ben = dots.Where(d => d.Color == Palette.Color(3)).Select(d => d.X).ToArray();
        ana.Should().HaveCount(3).And.OnlyContain(x => Math.Abs(x - ana[0]) < 1e-6, "ana's three 2s are one column");
        ben.Should().HaveCount(2).And.OnlyContain(x => x < ana[0] - 10, "ben's 0 and 1 stand left of ana's 2s");

        Distribution.Html(ItemStatistics.Of(item, [], [], 6)).Should().BeEmpty("nothing scored: no figure");
        var page = StatisticsPage.Render("000", [s], [], "ana", "t");
        page.Should().Contain("<table class=\"statistics\">", "the table stays for the numbers and screen readers");
        // The figure stands in the row right under its item's numbers, in the table (not in a list of figures below it).
        var row = page.IndexOf("<tr data-item=\"0\">", StringComparison.Ordinal);
        row.Should().BeGreaterThan(0);
        page[row..].Should().MatchRegex("^<tr data-item=\"0\">.*?</tr>\n<tr class=\"distribution\" data-figure=\"0\"><td colspan=\"6\"><figure class=\"distribution\">");
        page.IndexOf("</table>", row, StringComparison.Ordinal).Should().BeGreaterThan(page.IndexOf("<figure", row, StringComparison.Ordinal), "the figure is inside the table");
    }
}
