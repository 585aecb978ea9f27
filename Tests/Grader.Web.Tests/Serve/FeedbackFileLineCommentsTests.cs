using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The run's <c>feedback.html</c> and <c>feedback.md</c> place tutors' line comments under their task by the student
/// page's rule (<see cref="HandinDocument.Place"/>; issue 82): written from the gradebook after a comment, a comment on
/// the code sits in the section of the task whose declaration is above its line, one on the written report in its
/// answer's task, and after a run that changed the commented line both files mark it changed.
/// </summary>
public sealed class FeedbackFileLineCommentsTests
{
    [Test]
    public async Task The_run_files_show_each_comment_under_the_task_the_student_page_puts_it_and_a_changed_line_marked()
    {
        using var course = await ServeCourse.CreateAsync();
        HandinDocument document;
        string file;
        IReadOnlyList<string> lines;
        int body;
        string codeTask, reportTask;
        using (var desk = new GradingDesk(course.Course, CommonOptions.Catalog))
        {
            document = desk.Commenting.Document("000", "alice")!;
            file = document.Files.First(f => f.EndsWith(".cs", StringComparison.Ordinal));
            lines = document.Lines(file)!;
            // The last line that reads like no other (so a changed copy of it cannot be found elsewhere): below the declaration.
            body = Enumerable.Range(1, lines.Count).Last(n => lines[n - 1].Trim().Length > 1 && lines.Count(l => l == lines[n - 1]) == 1);
            desk.Commenting.AddComment("000", "alice", file, body, "why <b>this</b>?", "ana");
            desk.Commenting.AddComment("000", "alice", InlineComment.ReportFile, document.ReportSections[0].First, "say more", "ana");
            var placed = document.Place(desk.Commenting.Comments("000", "alice"), CommonOptions.Catalog.TasksOf("000").ToArray());
            codeTask = placed.Single(c => c.File == file).Task!;
            reportTask = placed.Single(c => c.File == InlineComment.ReportFile).Task!;
            codeTask.Should().NotBeNull("a task's contract is declared above the line");
            reportTask.Should().Be(document.ReportSections[0].Task, "the report's passage belongs to its answer's item");
            codeTask.Should().NotBe(reportTask, "the two comments go to two tasks, so a file gathering them in one place fails");

            desk.Feedback.WriteFeedback("000", ["alice"]).Should().NotBeNull();
            var (html, md) = Files(desk);
            HtmlSection(html, codeTask).Should().Contain($"<strong>{Html.Escape(file)}, line {body}</strong>").And.Contain("why &lt;b&gt;this&lt;/b&gt;?").And.NotContain("say more");
            HtmlSection(html, reportTask).Should().Contain($"<strong>{InlineComment.ReportFile}, line {document.ReportSections[0].First}</strong>").And.Contain("say more").And.NotContain("why &lt;b&gt;");
            html.Should().NotContain("id=\"comments\"", "every comment sits under its task").And.NotContain("<b>this");
            MarkdownSection(md, codeTask).Should().Contain($", line {body}**: why &lt;b&gt;this&lt;/b&gt;?").And.NotContain("say more");
            MarkdownSection(md, reportTask).Should().Contain("say more").And.NotContain("why &lt;b&gt;");
            md.Should().NotContain("## Comments on your hand-in").And.NotContain(InlineComment.ChangedSentence);
        }

        // A run recorded since changed the line (its kept code, read by a desk started after it): both files show it as
        // commented, marked changed, still under its task.
        var code = new HandinCodeStore(course.Run);
        code.Save("alice", [.. code.Load("alice")!.Select(f => f.Path == file ? f with { Text = string.Join("\n", lines.Select((l, i) => i == body - 1 ? l + " // changed" : l)) } : f)]);
        using (var desk = new GradingDesk(course.Course, CommonOptions.Catalog))
        {
            desk.Feedback.WriteFeedback("000", ["alice"]).Should().NotBeNull();
            var (html, md) = Files(desk);
            HtmlSection(html, codeTask).Should().Contain("<li class=\"comment outdated\">").And.Contain(InlineComment.ChangedSentence).And.Contain($"<pre>{Html.Escape(lines[body - 1])}</pre>");
            MarkdownSection(md, codeTask).Should().Contain(InlineComment.ChangedSentence);
            MarkdownSection(md, reportTask).Should().NotContain(InlineComment.ChangedSentence, "the report's line did not change");
        }
    }

    private static (string Html, string Markdown) Files(GradingDesk desk)
    {
        var html = desk.HandinFiles.FeedbackFile("000", "alice")!;
        return (File.ReadAllText(html), File.ReadAllText(Path.Combine(Path.GetDirectoryName(html)!, HandinFeedback.MarkdownFile)));
    }

    /// <summary>The task's section of feedback.html (by its id under the heading).</summary>
    private static string HtmlSection(string html, string task)
    {
        var id = html.IndexOf($"<p class=\"id\">Task {Html.Escape(task)}</p>", StringComparison.Ordinal);
        id.Should().BeGreaterThanOrEqualTo(0);
        var start = html.LastIndexOf("<section class=\"task\"", id, StringComparison.Ordinal);
        return html[start..html.IndexOf("</section>", id, StringComparison.Ordinal)];
    }

    /// <summary>The task's section of feedback.md (from the heading above its id to the next second-level heading).</summary>
    private static string MarkdownSection(string md, string task)
    {
        var id = md.IndexOf($"Task `{task}`", StringComparison.Ordinal);
        id.Should().BeGreaterThanOrEqualTo(0);
        var start = md.LastIndexOf("\n## ", id, StringComparison.Ordinal);
        var end = md.IndexOf("\n## ", id, StringComparison.Ordinal);
        return md[start..(end < 0 ? md.Length : end)];
    }
}
