using System.Net;
using Grader.Web.Comments;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// A written report's PDF pages on the tutors' code page (issue 82, item 2), over HTTP on <see cref="ServeCourse"/>'s
/// reports: erin's PDF pages under their items' headings, each image the run's own page (a path in report.json that
/// leaves her pages folder is neither linked nor served); carol's report problems (hostile text) said once above the report, escaped;
/// alice's Markdown report as before, without pages or problems.
/// </summary>
[NonParallelizable]
public sealed class ReportPagesTests : ServeCourseTests
{
    [Test]
    public async Task Erins_pdf_pages_stand_under_their_items_carols_problems_above_her_report_alices_markdown_as_before()
    {
        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        using var ana = new TutorClient(url);
        (await ana.SignInAsync(Course.Tokens["ana"])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        string Report(string student) => CodePage.PathOf("000", ServeBrowserTests.P(student), InlineComment.ReportFile);

        var erin = await ana.PageAsync(Report("erin"));
        erin.Should().Contain("<h2><bdi>Report/report.pdf</bdi></h2>", "her report is the PDF she handed in").And.NotContain("<bdi>Report/report.md</bdi>");
        var item = Course.Item();
        var heading = erin.IndexOf($"<h3><bdi>{Html.Escape(TextReport.TaskHeading(item.Task))} · {Html.Escape(TextReport.InWords(item.Item.Id))}</bdi></h3>", StringComparison.Ordinal);
        heading.Should().BePositive("the item with a page has its heading, in the sheet's words");
        erin.Should().NotContain($"<h3><bdi>{Html.Escape(item.Task.Id)}", "not in the grader's ids");
        var row = erin.IndexOf("<tr", heading, StringComparison.Ordinal);
        erin.IndexOf("<tr class=\"pages\">", heading, StringComparison.Ordinal).Should().Be(row, "the item's pages are the row under its heading");
        var src = System.Text.RegularExpressions.Regex.Match(erin[row..], "<img class=\"page\" src=\"([^\"]+)\" alt=\"page 1 of report.pdf\"");
        src.Success.Should().BeTrue("its page 1 is shown by number");
        src.Groups[1].Value.Should().StartWith($"/sheet/000/student/{ServeBrowserTests.P("erin")}/page/");
        erin.Should().NotContain("report-problems");
        using (var image = await ana.GetAsync(src.Groups[1].Value))
        {
            image.StatusCode.Should().Be(HttpStatusCode.OK);
            image.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        }

        // The other items name paths outside erin's pages folder (report.json is the run's; here it lies): not linked.
        var linked = System.Text.RegularExpressions.Regex.Matches(erin, "<img class=\"page\" src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().ToArray();
        linked.Should().Equal([src.Groups[1].Value], "only erin's own page image is linked");
        foreach (var index in new[] { 0, 1 })
        {
            using var refused = await ana.GetAsync($"/sheet/000/student/{ServeBrowserTests.P("erin")}/page/{index}");
            refused.StatusCode.Should().Be(HttpStatusCode.NotFound, "nor served by number");
        }

        var carol = await ana.PageAsync(Report("carol"));
        carol.Should().Contain("<div class=\"report-problems\" role=\"note\">")
            .And.Contain("The page map names page &lt;script&gt;9&lt;/script&gt;, which the PDF does not have.")
            .And.NotContain("<script>9");
        carol.IndexOf("report-problems", StringComparison.Ordinal).Should().BeLessThan(carol.IndexOf("<table class=\"code\">", StringComparison.Ordinal), "said above the report");

        var alice = await ana.PageAsync(Report("alice"));
        alice.Should().Contain("<h2><bdi>Report/report.md</bdi></h2>");
        // Her report.json is an older one (answers without their Markdown): each answer still stands under its item's heading.
        var aliceHeading = alice.IndexOf($"<h3><bdi>{Html.Escape(TextReport.TaskHeading(item.Task))} · {Html.Escape(TextReport.InWords(item.Item.Id))}</bdi></h3>", StringComparison.Ordinal);
        aliceHeading.Should().BePositive("an older report's answers are under their items too");
        alice.IndexOf(Html.Escape(ServeCourse.AliceText(item.Item.Id)), aliceHeading, StringComparison.Ordinal).Should().BePositive("the item's answer follows its heading");
        alice.Should().NotContain("class=\"pages\"").And.NotContain("report-problems").And.Contain(Html.Escape(ServeCourse.AliceText(item.Item.Id)));
    }
}
