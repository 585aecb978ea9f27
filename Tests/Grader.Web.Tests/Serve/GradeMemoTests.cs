using Grader.Grading;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The grades the derivation keeps between page opens (<see cref="GradeMemo"/>, issue 80: the grading page derives every
/// hand-in of the sheet on each open): a kept grade is handed out only while everything it was built from is unchanged,
/// so a score another connection commits (another <c>grader serve</c>, <c>semester score</c> on the same gradebook)
/// between two opens is on the next open — the grading page, the code page's standing and the student's page — with
/// only that hand-in's grade built again. No server: the desk called directly.
/// </summary>
public sealed class GradeMemoTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T10:00:00Z", CultureInfo.InvariantCulture);

    [Test]
    public async Task A_score_another_connection_commits_between_two_opens_is_on_the_next_open()
    {
        using var course = await ServeCourse.CreateAsync();
        using var desk = new GradingDesk(course.Course, CommonOptions.Catalog);
        var item = course.Item();
        desk.Locked(g => g.Releases.Release("000", "ana")).Should().BeTrue();
        var memo = desk.Locked(g => g.Records!.Grades);

        desk.Scoring.View(item).Scores.Should().NotContainKey("alice");
        Page(desk, "alice").Should().NotContain("from another process");
        var built = memo.Builds;
        built.Should().BeGreaterThanOrEqualTo(ServeCourse.Students.Length, "the first open builds every hand-in's grade");
        desk.Scoring.View(item).Scores.Should().NotContainKey("alice");
        memo.Builds.Should().Be(built, "nothing changed between the two opens: every grade is the kept one");

        // Another connection, as another process on the same gradebook: the desk's own write counter never sees it.
        using (var other = CourseGradebook.Open(course.Course.Gradebook))
        {
            other.Scores.SetManualScore(new ManualScore("alice", item.Task.Id, item.Item.Id, item.Item.Points, "from another process"), "ben");
        }

        var score = desk.Scoring.View(item).Scores["alice"];
        (score.Points, score.Comment, score.Tutor).Should().Be((item.Item.Points, "from another process", "ben"));
        memo.Builds.Should().Be(built + 1, "alice's grade, and only hers, has a new input");
        var standing = desk.Grades.OfHandin("000", "alice");
        standing.Total!.Report!.Find(item.Task.Id)!.Items.Single(i => i.Item.Id == item.Item.Id).Points.Should().Be(item.Item.Points);
        Page(desk, "alice").Should().Contain("from another process");

        // And back: a second score from the other connection replaces it on the next open, never the kept grade.
        using (var other = CourseGradebook.Open(course.Course.Gradebook))
        {
            other.Scores.SetManualScore(new ManualScore("alice", item.Task.Id, item.Item.Id, 0, "lowered elsewhere"), "ben");
        }

        desk.Scoring.View(item).Scores["alice"].Comment.Should().Be("lowered elsewhere");
        desk.Grades.OfHandin("000", "alice").Total!.Report!.Find(item.Task.Id)!.Items.Single(i => i.Item.Id == item.Item.Id).Points.Should().Be(0);
        Page(desk, "alice").Should().Contain("lowered elsewhere").And.NotContain("from another process");
        using var fresh = new GradingDesk(course.Course, CommonOptions.Catalog);
        foreach (var student in ServeCourse.Students)
        {
            Page(desk, student).Should().Be(Page(fresh, student), $"{student}'s page from kept grades is what a desk that kept nothing renders");
        }
    }

    private static string Page(GradingDesk desk, string student) =>
        new StudentDesk(desk).Sheet(student, "000") is { } view ? StudentPages.Sheet(student, view, Now, null, "antiforgery") : "(not released)";
}
