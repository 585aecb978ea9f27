namespace Grader.Grading.Tests.Reporters;

/// <summary>
/// Tutors' line comments in <c>feedback.html</c> and <c>feedback.md</c> under the task they belong to, as the student's
/// page shows them (issue 82): a comment on the written report under its item's task, one on code under its task, a
/// helper file's after the tasks, a comment whose line changed since marked so. Which task is the comment's
/// (<see cref="InlineComment.Task"/>) is decided once, where the hand-in's document is read (<c>HandinDocument.Place</c>,
/// tested with the student's page); the files only place it.
/// </summary>
public sealed class FeedbackLineCommentsTests
{
    [Test]
    public void Each_comment_is_under_its_task_a_helpers_after_the_tasks_and_a_changed_line_is_marked()
    {
        var plain = ReporterFixture.Alice();
        var written = plain.Tasks.First(t => t.Items.Count > 0);
        var coded = plain.Tasks.First(t => t != written && t.Checks.Count > 0);
        var report = plain with
        {
            Comments =
            [
                new InlineComment(InlineComment.ReportFile, 7, "The ELBO <b>bounds</b> the likelihood", "say which term") { Task = written.Task.Id },
                new InlineComment("Handin/Schedule.cs", 12, "    var beta = 0.1;", "why constant?") { Task = coded.Task.Id, Outdated = true },
                new InlineComment("Handin/Helpers.cs", 3, "static class H", "unused") { Task = null },
            ],
        };

        var md = FeedbackMarkdown.Render(report, ReporterFixture.Run);
        MarkdownSection(md, written).Should().Contain("Comments on your lines:").And.Contain($"**{Markdown.Inline(InlineComment.ReportFile)}, line 7**: say which term")
            .And.Contain("The ELBO <b>bounds</b> the likelihood", "the line, fenced").And.NotContain("why constant");
        MarkdownSection(md, coded).Should().Contain("**Handin/Schedule.cs, line 12 (outdated: the line is no longer there)**: why constant?")
            .And.Contain(InlineComment.ChangedSentence, "a changed line is marked").And.NotContain("say which term");
        md.IndexOf("## Comments on your hand-in", StringComparison.Ordinal).Should().BeGreaterThan(md.LastIndexOf("\n## Sheet ", StringComparison.Ordinal), "a helper's comment follows the tasks");
        md[md.IndexOf("## Comments on your hand-in", StringComparison.Ordinal)..].Should().Contain("unused").And.NotContain("say which term").And.NotContain("why constant");
        md.Split(InlineComment.ChangedSentence).Length.Should().Be(2, "only the changed line is marked");

        var html = FeedbackHtml.Render(report, ReporterFixture.Run);
        HtmlSection(html, report, written).Should().Contain("<h3>Comments on your lines</h3>").And.Contain($"<strong>{InlineComment.ReportFile}, line 7</strong>")
            .And.Contain("The ELBO &lt;b&gt;bounds&lt;/b&gt; the likelihood").And.NotContain("why constant");
        HtmlSection(html, report, coded).Should().Contain("<li class=\"comment outdated\">").And.Contain($"<p class=\"changed\">{InlineComment.ChangedSentence}</p>")
            .And.Contain("why constant?").And.NotContain("say which term");
        var others = html.IndexOf("<h2 id=\"comments\">Comments on your hand-in</h2>", StringComparison.Ordinal);
        others.Should().BeGreaterThan(html.LastIndexOf("</section>", StringComparison.Ordinal), "a helper's comment follows the tasks");
        html[others..].Should().Contain("unused").And.NotContain("why constant");
        html.Should().NotContain("<b>bounds", "the student's line is escaped");
    }

    [Test]
    public void A_comment_on_a_task_the_report_does_not_have_follows_the_tasks_and_without_comments_there_is_no_section()
    {
        var plain = ReporterFixture.Alice();
        FeedbackMarkdown.Render(plain, ReporterFixture.Run).Should().NotContain("Comments on your");
        FeedbackHtml.Render(plain, ReporterFixture.Run).Should().NotContain("Comments on your");

        var report = plain with { Comments = [new InlineComment("Handin/A.cs", 1, "x", "gone task") { Task = "004/9/none" }] };
        var md = FeedbackMarkdown.Render(report, ReporterFixture.Run);
        md.Should().NotContain("Comments on your lines");
        md[md.IndexOf("## Comments on your hand-in", StringComparison.Ordinal)..].Should().Contain("gone task");
        FeedbackHtml.Render(report, ReporterFixture.Run).Should().Contain("<h2 id=\"comments\">Comments on your hand-in</h2>").And.NotContain("Comments on your lines");
    }

    /// <summary>The task's section of feedback.md: from its heading to the next second-level heading.</summary>
    private static string MarkdownSection(string md, TaskResult task)
    {
        var start = md.IndexOf("## " + Markdown.Inline(FeedbackMarkdown.Heading(task.Task)) + ":", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0);
        var end = md.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return md[start..(end < 0 ? md.Length : end)];
    }

    /// <summary>The task's section of feedback.html.</summary>
    private static string HtmlSection(string html, HandinReport report, TaskResult task)
    {
        var index = report.Tasks.ToList().IndexOf(task) + 1;
        var start = html.IndexOf($"<section class=\"task\" id=\"task-{index}\">", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0);
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }
}
