using System.Net;

namespace Grader.Grading.Tests.Reporters;

/// <summary>
/// <c>feedback.html</c> and <c>feedback.md</c> in the sheet's words, as the student's page (issue 82): each task under the
/// sheet's heading, each check by its title (<see cref="TextReport.InWords"/>) with its verdict, each manual item in
/// words; a passed check's id is in no text a student reads (only in the HTML's attributes), a failed one's once,
/// beside its detail, where a tutor looks it up.
/// </summary>
public sealed partial class FeedbackInWordsTests
{
    [Test]
    public void Each_task_check_and_item_is_named_in_the_sheets_words_and_a_passed_checks_id_is_not_shown()
    {
        var report = ReporterFixture.Alice();
        var html = FeedbackHtml.Render(report, ReporterFixture.Run);
        var text = WebUtility.HtmlDecode(Tags().Replace(html[html.IndexOf("<body>", StringComparison.Ordinal)..], ""));
        var md = FeedbackMarkdown.Render(report, ReporterFixture.Run);
        foreach (var task in report.Tasks)
        {
            var heading = $"Sheet {task.Task.Sheet} · {TextReport.TaskHeading(task.Task)}";
            text.Should().Contain(heading, "feedback.html heads the task as the sheet does");
            md.Should().Contain("## " + Markdown.Inline(heading), "feedback.md too");
            foreach (var check in task.Checks)
            {
                html.Should().Contain($"<strong>{Html.Escape(TextReport.InWords(check.CheckId))}</strong>", "a check is named by what it checks");
                md.Should().Contain($"- **{Markdown.Inline(TextReport.InWords(check.CheckId))}**");
                if (check.Passed)
                {
                    text.Should().NotContain(check.CheckId, "a passed check's id is no text a student reads");
                    md.Should().NotContain(check.CheckId);
                }
                else
                {
                    text.Should().Contain($"check: {check.CheckId}", "a failed check's id is there for the tutor, under its detail");
                }
            }

            foreach (var item in task.Items)
            {
                text.Should().Contain(TextReport.InWords(item.Item.Id) + " (", "an item in words");
                md.Should().Contain($"**{Markdown.Inline(TextReport.InWords(item.Item.Id))}** (");
            }
        }

        // The failed check's expected and seen values and what to re-read, under its title.
        var failed = report.Tasks.SelectMany(t => t.Checks).First(c => !c.Passed && c.Result.Expected is not null);
        var at = text.IndexOf(TextReport.InWords(failed.CheckId), StringComparison.Ordinal);
        text.IndexOf("expected: " + failed.Result.Expected, at, StringComparison.Ordinal).Should().BeGreaterThan(at);
        text.IndexOf("seen:", at, StringComparison.Ordinal).Should().BeGreaterThan(at).And.BeLessThan(text.IndexOf(failed.Result.Seen!, at, StringComparison.Ordinal));
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
