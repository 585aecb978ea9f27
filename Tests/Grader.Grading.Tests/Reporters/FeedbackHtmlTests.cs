using System.Xml.Linq;

namespace Grader.Grading.Tests.Reporters;

public sealed partial class FeedbackHtmlTests
{
    [Test]
    public void Text_from_the_hand_in_and_the_checks_is_escaped()
    {
        var html = Render(ReporterFixture.Alice());

        html.Should().Contain("got &lt;1.5 &amp; 2&gt;, &quot;expected&quot; 2.0,");
        html.Should().NotContain("<1.5").And.NotContain("<NaN>").And.NotContain("<short>").And.NotContain("<TwoGaussians");
        html.Should().Contain("Train on the toy data &lt;TwoGaussians &amp; Chequerboard&gt;");
        html.Should().Contain("good, &quot;clear&quot; &amp; &lt;short&gt;");
        Html.Escape("a<b>&\"c'\u0001").Should().Be("a&lt;b&gt;&amp;&quot;c&#39;");
    }

    [Test]
    public void Every_plot_is_an_inline_svg_under_its_check()
    {
        var html = Render(ReporterFixture.Alice());

        SvgOpen().Count(html).Should().Be(2, "the failed check carries two plots");
        var check = CheckDiv().Match(html);
        check.Success.Should().BeTrue();
        check.Value.Should().Contain("data-check=\"diffusion.negative-elbo\"");
        SvgOpen().Count(check.Value).Should().Be(2, "both plots sit inside the check's block");
        foreach (Match svg in SvgElement().Matches(html))
        {
            var element = XElement.Parse(svg.Value);
            element.Name.LocalName.Should().Be("svg");
            element.Descendants().Should().Contain(e => e.Name.LocalName == "circle" || e.Name.LocalName == "path" || e.Name.LocalName == "polyline");
        }

        html.Should().Contain("Your samples &lt;over&gt; the data &amp; reference", "the plot's title is escaped in the SVG");
    }

    [Test]
    public void The_page_is_self_contained()
    {
        var html = Render(ReporterFixture.Alice());

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().Contain("<style>");
        html.Should().NotContain("<script").And.NotContain("<link").And.NotContain(" src=").And.NotContain("url(http").And.NotContain("@import");
        Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Should().OnlyContain(h => h.StartsWith('#'), "links stay inside the page");
    }

    [Test]
    public void Status_compile_errors_and_hidden_points_appear_at_the_top()
    {
        Render(ReporterFixture.Carol()).Should().Contain("<p class=\"status\"><strong>Grading timed out.</strong> Check diffusion.toy-quality ran past its limit of 30 s; the worker was killed.");
        Render(ReporterFixture.Bob()).Should().Contain("<pre class=\"compile-errors\">Diffusion/DtuDdpm.cs:12:5: error CS1002: ; expected\nFlows/Map.cs:40:17:");
        Render(ReporterFixture.AliceVisibleOnly()).Should().Contain(
            "<strong>3 / 3.33 automatic points from the checks that ran here.</strong> Your tutor&#39;s grading adds hidden checks worth 2.67 pts. By hand so far: 4.5 / 6, 0.5 pts still to be graded.");
    }

    private static string Render(HandinReport outcome) =>
        FeedbackHtml.Render(outcome, ReporterFixture.Run);

    [GeneratedRegex("<svg[ >]")]
    private static partial Regex SvgOpen();

    [GeneratedRegex("<svg[ >].*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();

    [GeneratedRegex("<div class=\"check failed\" data-check=\"diffusion.negative-elbo\">.*?\n</div>", RegexOptions.Singleline)]
    private static partial Regex CheckDiv();
}
