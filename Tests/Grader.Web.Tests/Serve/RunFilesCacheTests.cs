using Grader.Semester;
using Grader.Web;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The background writer's cache of a sheet's grades (<see cref="ReportCache"/>, issue 70): after each kind of change a
/// grade depends on — a score, a regrade answer, a comment made and deleted, a score written by another process — the
/// write builds that one student's grade again (not the sheet's), and the run's files (<c>gradebook-lms.csv</c>, every
/// <c>feedback.md</c>) are exactly the files a build of the whole course without the cache writes. No server, no browser:
/// the desk's writer called directly on the six-student course.
/// </summary>
public sealed class RunFilesCacheTests
{
    [Test]
    public async Task Each_change_rebuilds_its_students_grade_only_and_the_files_equal_an_uncached_build()
    {
        using var course = await ServeCourse.CreateAsync();
        var catalog = CommonOptions.Catalog;
        using var desk = new GradingDesk(course.Course, catalog);
        var item = course.Item();
        var cache = desk.Feedback.ReportCacheForTests;

        // The first write builds every hand-in's grade; one with nothing changed builds none.
        desk.Feedback.WriteFeedback("000").Should().NotBeNull();
        cache.Built.Should().Be(ServeCourse.Students.Length);
        desk.Feedback.WriteFeedback("000");
        cache.Built.Should().Be(ServeCourse.Students.Length, "nothing changed");
        Same(course, "as first written");

        // A score.
        Changed(course, desk, () => desk.Scoring.Score(item, [("alice", 0)], item.Item.Points, "score for alice", "ana").Should().BeEmpty(), "alice", "score for alice");

        // A regrade answer with a new score (filed by bob, answered by ben).
        desk.Scoring.Score(item, [("bob", 0)], item.Item.Points, "first score for bob", "ana").Should().BeEmpty();
        desk.Feedback.WriteFeedback("000", ["bob"]);
        var before = Feedback(course, "bob");
        long request = desk.Locked(g => g.Regrades.FileRegrade("bob", "000", item.Task.Id, item.Item.Id, "please look again") ? g.Regrades.Regrades("000", "bob").Single().Id : -1);
        Changed(course, desk, () => desk.Locked(g => g.Regrades.AnswerRegrade(request, 0, "lowered", "ben")).Should().BeTrue(), "bob", null);
        Feedback(course, "bob").Should().NotBe(before, "bob's regrade took his item's points away");

        // A comment made, then deleted.
        long comment = -1;
        Changed(course, desk, () => comment = desk.Locked(g => g.Comments.AddComment("000", "carol", Grader.Checks.Results.InlineComment.ReportFile, 1, "Carol derives it herself.", "comment on carol's line", "ana")), "carol", "comment on carol's line");
        Changed(course, desk, () => desk.Locked(g => g.Comments.DeleteComment(comment, "ana")).Should().BeTrue(), "carol", null);
        Feedback(course, "carol").Should().NotContain("comment on carol's line", "the deleted comment is gone from her feedback");

        // A score written by another process (semester score, a second connection with no cache): seen all the same.
        using (var other = CourseGradebook.Open(course.Course.Gradebook))
        {
            Changed(course, desk, () => other.Scores.Score([("dave", 0L)], item.Task.Id, item.Item.Id, 0, "score from the command line", "semester score", _ => ""), "dave", "score from the command line");
        }

        // A burst of scores, each asking the background writer for its student's files as the app does, while the writer
        // waits out its spacing (an hour here: nothing but stopping ends it): far fewer writes than scores, the last score
        // written on stop, and the files are the uncached build's.
        var versions = desk.Scoring.Scores(item).Scores.ToDictionary(s => s.Student, s => s.Version, StringComparer.Ordinal);
        var burst = new GradingDesk(course.Course, catalog);
        burst.Files.Spacing = TimeSpan.FromHours(1);
        foreach (var student in ServeCourse.Students)
        {
            burst.Scoring.Score(item, [(student, versions.GetValueOrDefault(student))], 0, $"burst score for {student}", "ben").Should().BeEmpty();
            _ = burst.Files.Request("000", [student]);
        }

        burst.Dispose();
        burst.Files.Writes.Should().BeInRange(1, 2, $"{ServeCourse.Students.Length} scores: the first write at once, the others' one write on stop");
        ServeCourse.Students.Should().OnlyContain(s => Feedback(course, s).Contains($"burst score for {s}", StringComparison.Ordinal), "every score of the burst is written");
        Same(course, "after the burst");
    }

    /// <summary>Runs <paramref name="change"/>, writes the files with <paramref name="student"/>'s as the desk's writer does, and checks that one grade was built and the files are the uncached build's.</summary>
    private static void Changed(ServeCourse course, GradingDesk desk, Action change, string student, string? shown)
    {
        var built = desk.Feedback.ReportCacheForTests.Built;
        change();
        desk.Feedback.WriteFeedback("000", [student]).Should().NotBeNull();
        desk.Feedback.ReportCacheForTests.Built.Should().Be(built + 1, $"the change to {student} builds {student}'s grade only");
        if (shown is not null)
        {
            Feedback(course, student).Should().Contain(shown);
        }

        Same(course, $"after the change to {student}");
    }

    /// <summary>The run's LMS export, junit.xml (its suites kept per grade) and every feedback.md are the ones the whole course's build, with no cache, writes.</summary>
    private static void Same(ServeCourse course, string when)
    {
        string[] Files() => [File.ReadAllText(Path.Combine(course.Run, "gradebook-lms.csv")), File.ReadAllText(Path.Combine(course.Run, "junit.xml")), .. ServeCourse.Students.Select(s => Feedback(course, s))];
        var cached = Files();
        using (var gradebook = course.Gradebook())
        {
            gradebook.Grades.RenderLatestRun(course.Course, CommonOptions.Catalog, "000").Should().NotBeNull();
        }

        Files().Should().Equal(cached, $"the cached grades are the uncached ones {when}");
    }

    private static string Feedback(ServeCourse course, string student) => File.ReadAllText(Path.Combine(course.Run, "students", student, "feedback.md"));
}
