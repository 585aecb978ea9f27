using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The tutor pages' rough edges of issue 82 (item 3), each rendered without a server: the "Feedback written" page reads
/// as a success, the audit page's breadcrumb names the sheet, a tutor's single answer is "answer 1" (not "answers
/// 1–1"), and what a claimed time means is said once above the answers, not on every one.
/// </summary>
public sealed class TutorPageEdgesTests
{
    private static SheetItem Item()
    {
        var task = CommonOptions.Catalog.FindTask("000/3a/loss-functions")!;
        return new SheetItem("000", 0, task, task.Manual[0]);
    }

    [Test]
    public void The_feedback_written_page_is_a_success_not_a_problem()
    {
        var page = ServePages.Done("Feedback written", "Wrote the files of /runs/000 again.", "ana", "t");
        page.Should().Contain("<p class=\"done\" role=\"status\">Wrote the files of /runs/000 again.</p>").And.NotContain("class=\"problem\"");
        ServePages.Problem("No run", "none", "ana", "t").Should().Contain("class=\"problem\"", "a problem still reads as one");
    }

    [Test]
    public void The_audit_pages_breadcrumb_leads_through_the_sheet()
    {
        var item = Item();
        var page = ServePages.Audit(item, "anon-12345678", [], "ana", "t");
        page.Should().Contain("<a href=\"/\">Sheets</a> › <a href=\"/sheet/000\">Sheet 000</a> › <a href=\"/sheet/000/item/0\">");
    }

    [Test]
    public void One_answer_of_your_tutorials_is_answer_1_and_two_are_answers_1_to_2()
    {
        var item = Item();
        var answer = new ReportAnswer(item.Task.Id, item.Item.Id, "x", null, []);
        var groups = AnswerGroups.Of([("alice", answer with { Text = "one" }), ("bob", answer with { Text = "two different" }), ("carol", answer with { Text = "three, again different" })]);
        var view = new ItemView(item, groups, new Dictionary<string, WrittenReport?>(), new Dictionary<string, ManualScoreEntry>(), new Dictionary<string, IReadOnlyList<StoredVerdict>>())
        {
            OwnTutorials = ["mon"],
            OwnGroups = 1,
        };
        TutorialOrder.Heading(view).Should().Contain("first: answer 1;").And.NotContain("1–1");
        TutorialOrder.Heading(view with { OwnGroups = 2 }).Should().Contain("first: answers 1–2;");
    }

    [Test]
    public void What_a_claimed_time_means_is_said_once_above_the_answers()
    {
        var item = Item();
        var answer = new ReportAnswer(item.Task.Id, item.Item.Id, "x", null, []);
        string[] students = ["alice", "bob", "carol"];
        var groups = AnswerGroups.Of(students.Select((s, i) => (s, (ReportAnswer?)(answer with { Text = $"answer number {i} of {s}, in words of its own" }))).ToArray());
        var at = new DateTimeOffset(2026, 11, 5, 12, 0, 0, TimeSpan.Zero);
        var view = new ItemView(item, groups, new Dictionary<string, WrittenReport?>(), new Dictionary<string, ManualScoreEntry>(), new Dictionary<string, IReadOnlyList<StoredVerdict>>())
        {
            Times = students.ToDictionary(s => s, s => new HandinTimes(at, HandinTimes.LmsFile, at.AddHours(-1))),
        };
        var page = Grader.Web.App.GradingPages.Grading(view, "ana", "t", 0, []);
        page.Split("decides nothing").Should().HaveCount(2, "the note is said once, above the answers");
        page.Split(" · claims 2026-11-05 11:00 UTC").Should().HaveCount(4, "each of the three hand-ins still shows the time it claims");
        Grader.Web.App.GradingPages.Grading(view with { Times = new Dictionary<string, HandinTimes>() }, "ana", "t", 0, []).Should().NotContain("decides nothing", "no hand-in claims a time: no note");
    }
}
