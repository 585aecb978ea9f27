using System.Text;
using Grader.Grading.Reports;

namespace Grader.Grading.Tests.Reports;

/// <summary>
/// report.md split into the items' sections and rendered for a tutor's page: sections by the item headings, raw HTML
/// as text, links only to http(s) and mailto, images loading nothing, and no input that ends the grader.
/// </summary>
public sealed class ReportMarkdownTests
{
    private static readonly string[] Keys = ["002/p2a/x#derivation", "002/p2a/x#derivation-extra", "002/p2b#explain"];

    private static ReportMarkdown.Section Only(string body)
    {
        var (sections, failure) = ReportMarkdown.Split($"## 002/p2b#explain (1 pt): Title\n\n{body}\n", Keys);
        failure.Should().BeNull();
        return sections["002/p2b#explain"];
    }

    [Test]
    public void Each_item_heading_starts_a_section_that_runs_to_the_next_item_heading()
    {
        var markdown = """
            # My report

            Intro that belongs to no item.

            ## 002/p2a/x#derivation (1.5 pts): Change of variables

            The log-density is **log p(x)**.

            ### A sub-heading inside the answer

            More of the derivation.

            ## 002/p2b#explain (1 pt): Explain

            It explains.

            ## 002/p2a/x#derivation-extra: a longer key that starts with another key
            Extra.
            """;

        var (sections, failure) = ReportMarkdown.Split(markdown, Keys);

        failure.Should().BeNull();
        sections.Keys.Should().BeEquivalentTo(Keys);
        sections["002/p2a/x#derivation"].Text.Should().Contain("The log-density is log p(x).").And.Contain("A sub-heading inside the answer")
            .And.Contain("More of the derivation.").And.NotContain("It explains").And.NotContain("Intro");
        sections["002/p2a/x#derivation"].Html.Should().Contain("<strong>log p(x)</strong>").And.Contain("<h3");
        sections["002/p2b#explain"].Text.Should().Be("It explains.");
        sections["002/p2a/x#derivation-extra"].Text.Should().Be("Extra.", "the longer key wins over its prefix");
    }

    [Test]
    public void A_heading_for_an_unknown_item_or_no_heading_gives_no_section()
    {
        ReportMarkdown.Split("## 002/p9#nothing\n\ntext\n\nplain text, no heading\n", Keys).Sections.Should().BeEmpty();
    }

    [Test]
    public void Raw_html_is_shown_as_text_so_a_script_and_an_img_onerror_are_inert()
    {
        var section = Only("<script>alert('x')</script>\n\nText <img src=x onerror=\"alert(1)\"> and <b onclick=\"evil()\">bold</b>.");

        section.Html.Should().NotContain("<script").And.NotContain("<img").And.NotContain("<b ");
        section.Html.Should().Contain("&lt;script&gt;").And.Contain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
        section.Text.Should().Contain("alert(1)", "the plain text keeps what was written, for answer groups");
    }

    [TestCase("[click](javascript:alert(1))")]
    [TestCase("[click](JaVaScRiPt:alert(1))")]
    [TestCase("[click](&#x6A;avascript:alert(1))")]
    [TestCase("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [TestCase("[click](vbscript:msgbox)")]
    [TestCase("[click](../../../etc/passwd)")]
    [TestCase("[click][ref]\n\n[ref]: javascript:alert(1)")]
    public void A_link_that_is_not_http_https_or_mailto_is_dropped_and_its_text_kept(string link)
    {
        var html = Only(link).Html;

        html.Should().NotContain("<a").And.NotContainEquivalentOf("javascript:").And.NotContain("data:text");
        html.Should().Contain("click");
    }

    [Test]
    public void An_autolink_to_javascript_is_text_and_http_https_mailto_links_are_kept()
    {
        var html = Only("<javascript:alert(1)> [site](https://example.org/a?b=1) [mail](mailto:tutor@example.org) <http://example.org>").Html;

        html.Should().NotContain("href=\"javascript");
        html.Should().Contain("<a href=\"https://example.org/a?b=1\">site</a>").And.Contain("<a href=\"mailto:tutor@example.org\">mail</a>")
            .And.Contain("<a href=\"http://example.org\">");
    }

    [Test]
    public void An_image_loads_nothing()
    {
        var html = Only("![loss curve](https://tracker.example/pixel.png) ![](file:///etc/passwd) ![x](javascript:alert(1))").Html;

        html.Should().NotContain("<img").And.NotContain("tracker.example").And.NotContain("file://");
        html.Should().Contain("[image: loss curve]").And.Contain("[image]");
    }

    [TestCase(">", 200_000)]
    [TestCase("[", 200_000)]
    [TestCase("- ", 100_000)]
    [TestCase("*", 300_000)]
    public void A_report_nested_deep_enough_to_break_a_parser_is_a_problem_or_text_never_the_graders_end(string unit, int repeat)
    {
        var markdown = "## 002/p2b#explain\n\n" + string.Concat(Enumerable.Repeat(unit, repeat)) + "x\n";

        var (sections, failure) = ReportMarkdown.Split(markdown, Keys);

        (failure is not null || sections.ContainsKey("002/p2b#explain")).Should().BeTrue("either a problem line or the section, and the process lives on");
    }

    [Test]
    public void Link_references_used_many_thousand_times_refuse_the_report_at_the_rendering_cap()
    {
        var markdown = HostileReports.MarkdownBomb("002/p2b#explain");
        Encoding.UTF8.GetByteCount(markdown).Should().BeLessThan((int)DiscoveryLimits.Default.MaxReportMarkdownBytes, "the bomb is within the report's size limit");

        var (sections, failure) = ReportMarkdown.Split(markdown, Keys);

        failure.Should().Be("report.md renders to more than 8 Mi characters (links or references repeated many thousand times?); it was not shown");
        sections.Should().BeEmpty();
    }

    [Test]
    public void A_link_target_longer_than_the_cap_becomes_its_text_and_one_at_the_cap_is_kept()
    {
        var prefix = "https://example.org/";
        var longest = prefix + new string('a', ReportMarkdown.MaxUrlLength - prefix.Length);

        Only($"[kept]({longest}) and [dropped]({longest}b)").Html.Should().Contain($"href=\"{longest}\"").And.NotContain(longest + "b");
    }
}
