using Grader.Grading;
using Grader.Semester;
using Grader.Web;
using Grader.Web.Students;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// What a student's page keeps between requests (issue 70): a run's parsed records, its hand-ins' times and the inputs
/// its <c>run.json</c> refused (<see cref="RecordCache"/>, shared by the desk's read connections). After each change a
/// page depends on — a score, a regrade answer, a comment made and deleted, an unrelease and a release, a later run
/// graded into the same folder and recorded — every student's page from a desk that served pages before it equals the
/// page of a fresh desk (nothing kept), and no student's page is another's. No server: the students' desk called directly.
/// </summary>
public sealed class StudentPageCacheTests
{
    // A course student with no hand-in: the later run refuses an input of that name, which only run.json says.
    private const string Absent = "gina";

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T10:00:00Z", CultureInfo.InvariantCulture);

    [Test]
    public async Task Each_change_shows_on_the_student_pages_exactly_as_a_fresh_desk_renders_them()
    {
        using var course = await ServeCourse.CreateAsync();
        var catalog = CommonOptions.Catalog;
        (ServeCourse.Toml with { Students = [.. ServeCourse.Students, Absent] }).WriteTo(course.CoursePath);
        var students = ServeCourse.Students.Append(Absent).ToArray();
        using var desk = new GradingDesk(course.Course, catalog);
        var item = course.Item();
        desk.Locked(g => g.Releases.Release("000", "ana")).Should().BeTrue();
        var first = Same(course, desk, students, "as first released");
        first[Absent].Should().Contain("You handed nothing in", "gina handed nothing in and the first run refused nothing of hers");
        first.Where(p => p.Key != "alice").Should().OnlyContain(p => !p.Value.Contains("· alice</h1>", StringComparison.Ordinal), "no page is alice's but hers");

        desk.Scoring.Score(item, [("alice", 0)], item.Item.Points, "score for alice", "ana").Should().BeEmpty();
        Same(course, desk, students, "after a score")["alice"].Should().Contain("score for alice");

        desk.Scoring.Score(item, [("bob", 0)], item.Item.Points, "first score for bob", "ana").Should().BeEmpty();
        long request = desk.Locked(g => g.Regrades.FileRegrade("bob", "000", item.Task.Id, item.Item.Id, "please look again") ? g.Regrades.Regrades("000", "bob").Single().Id : -1);
        Same(course, desk, students, "after a regrade request")["bob"].Should().Contain("please look again");
        desk.Locked(g => g.Regrades.AnswerRegrade(request, 0, "lowered", "ben")).Should().BeTrue();
        Same(course, desk, students, "after a regrade answer")["bob"].Should().Contain("lowered");

        long comment = desk.Locked(g => g.Comments.AddComment("000", "carol", Grader.Checks.Results.InlineComment.ReportFile, 1, "Carol derives it herself.", "comment on carol's line", "ana"));
        Same(course, desk, students, "after a comment")["carol"].Should().Contain("comment on carol");
        desk.Locked(g => g.Comments.DeleteComment(comment, "ana")).Should().BeTrue();
        Same(course, desk, students, "after the comment's deletion")["carol"].Should().NotContain("comment on carol");

        desk.Locked(g => g.Releases.Release("000", "ana", release: false)).Should().BeTrue();
        Same(course, desk, students, "unreleased").Values.Should().OnlyContain(p => p == "(not released)");
        desk.Locked(g => g.Releases.Release("000", "ana")).Should().BeTrue();
        Same(course, desk, students, "released again");

        // A later run graded into the same folder: a new run.json (refusing an input named gina), then recorded.
        var file = RunFile.Load(course.Run)!;
        (file with { Run = file.Run with { Started = file.Run.Started.AddHours(1) }, Problems = [.. file.Problems, new InputProblem(Absent, Absent, "no code in gina's folder", Skipped: true)] }).Save(course.Run);
        Same(course, desk, students, "beside a new run.json not recorded yet")[Absent].Should().NotContain("You handed nothing in", "the folder's run.json now refuses an input of gina's");
        desk.Locked(g => g.Runs.Record(RecordedRun.Load(course.Run, catalog, course.CoursePath), new Dictionary<string, DateTimeOffset>()));
        Same(course, desk, students, "after the later run is recorded");
    }

    /// <summary>Every student's page of sheet 000 from <paramref name="desk"/> (which kept what it read before) and from a fresh desk: equal, each naming its student.</summary>
    private static Dictionary<string, string> Same(ServeCourse course, GradingDesk desk, string[] students, string because)
    {
        using var fresh = new GradingDesk(course.Course, CommonOptions.Catalog);
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var student in students)
        {
            var kept = Page(desk, student);
            Page(fresh, student).Should().Be(kept, $"{student}'s page {because} is what a desk that kept nothing renders");
            kept.Should().Match(p => p == "(not released)" || p.Contains($"· {student}</h1>"), $"{student}'s page is {student}'s");
            pages[student] = kept;
        }

        return pages;
    }

    private static string Page(GradingDesk desk, string student) =>
        new StudentDesk(desk).Sheet(student, "000") is { } view ? StudentPages.Sheet(student, view, Now, null, "antiforgery") : "(not released)";
}
