using System.Text.RegularExpressions;
using Grader.Checks.Grading;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The student's sheet page in the sheet's words (issue 82 item 1): the sheet's title, the points, the late outcome and
/// what is pending on top; a table of contents with every task under its sheet heading; each task's checks by what they
/// check and its manual items in words; no grader id (a task's, a check's, an item's) in the text a student reads. No
/// server: the students' desk called directly, as <see cref="StudentPageCacheTests"/> does.
/// </summary>
public sealed partial class StudentPageWordsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T10:00:00Z", CultureInfo.InvariantCulture);

    [Test]
    public async Task The_sheet_page_speaks_the_sheets_words_and_shows_no_grader_id()
    {
        using var course = await ServeCourse.CreateAsync();
        using var desk = new GradingDesk(course.Course, CommonOptions.Catalog);
        var item = course.Item();
        desk.Locked(g => g.Releases.Release("000", "ana")).Should().BeTrue();
        desk.Scoring.Score(item, [("alice", 0)], item.Item.Points, "derives it in two lines", "ana").Should().BeEmpty();

        var view = new StudentDesk(desk).Sheet("alice", "000")!;
        var page = StudentPages.Sheet("alice", view, Now, null, "antiforgery");
        var report = view.Total.Report!;
        var text = Text(page);

        // On top: the title the course gives the sheet, the points, the late outcome, what is pending.
        var title = CommonOptions.Catalog.FindSheet("000")!.Title;
        text.Should().Contain(title);
        page.IndexOf("id=\"grade\"", StringComparison.Ordinal).Should().BeLessThan(page.IndexOf("id=\"contents\"", StringComparison.Ordinal), "the points come before the tasks");
        var pendingItems = report.Tasks.SelectMany(t => t.Items).Count(i => i.Pending);
        pendingItems.Should().BeGreaterThan(0, "the course scores one item of alice's only");
        text.Should().Contain($"Still pending: {pendingItems} items the tutors score by hand");

        // The contents and the headings: every task as the sheet heads it, linked.
        for (var k = 0; k < report.Tasks.Count; k++)
        {
            var heading = TextReport.TaskHeading(report.Tasks[k].Task);
            page.Should().Contain($"<a href=\"#task-{k + 1}\">{Html.Escape(heading)}</a>", "the table of contents links each task");
            page.Should().Contain($"id=\"task-{k + 1}\"");
        }

        // The scored item in words, with its level and the tutor's comment; its points say "of … points".
        text.Should().Contain($"{TextReport.InWords(item.Item.Id)}: {Csv.Number(item.Item.Points)} of {Csv.Number(item.Item.Points)} point{(item.Item.Points == 1 ? "" : "s")}");
        text.Should().NotContain("of 1 points");
        text.Should().Contain("derives it in two lines");

        // No id of the grader's is text a student reads: not a task's, not a check's, not an item's.
        foreach (var task in report.Tasks)
        {
            text.Should().NotContain(task.Task.Id, "the task is named by its sheet heading");
            foreach (var check in task.Checks)
            {
                text.Should().NotContain(check.CheckId, "a check is named by what it checks");
                text.Should().Contain(TextReport.InWords(check.CheckId));
            }
        }

        text.Should().NotContain("Checks: ", "the checks' points say \"points\"");
    }

    [Test]
    public void An_id_in_words_is_its_last_part_capitalised()
    {
        TextReport.InWords("diffusion.heidelberg.reverse-step-matches-reference").Should().Be("Reverse step matches reference");
        TextReport.InWords("noise-scatter").Should().Be("Noise scatter");
        TextReport.InWords("000/1a/train-and-sample").Should().Be("Train and sample");
    }

    /// <summary>The text a reader sees: the page without its tags (attributes go with them) and with entities decoded.</summary>
    private static string Text(string page) => Spaces().Replace(System.Net.WebUtility.HtmlDecode(Tags().Replace(page, " ")), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
