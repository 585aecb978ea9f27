using Grader.Semester;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// Issue 67: the late policy counts from a time the student cannot set. The tutor grades at the deadline (a run recorded
/// then: alice's code was another, bob's the same as later). alice's repository is then committed with a forged date a
/// day before the deadline, after the deadline passed; the next run (the grader's own clock) saw it 36 hours past the
/// deadline: she is 2 days late, with the forged time shown as claimed. bob's code was there at the grader's first look,
/// so it has no observed time and counts as on time (a first run after the deadline must not make everyone late). A
/// later run of the same code keeps the first time; changed code gets its run's time. <c>semester record</c> writes
/// <c>summary.md</c> again with every section the run's had (the written reports' problems included).
/// </summary>
[NonParallelizable]
public sealed class SubmissionTimeTests
{
    private static readonly string[] Quickies = ["QuickieRegressionLoss.cs", "QuickieClassificationLoss.cs", "QuickieVaeLoss.cs", "QuickieGanLoss.cs", "QuickieFlowLoss.cs"];

    [Test]
    public async Task A_forged_commit_date_before_the_deadline_is_claimed_only_and_the_penalty_counts_from_when_the_grader_saw_the_code()
    {
        using var scratch = new Scratch();
        string Root(string name) => Path.Combine(scratch.Root, name);
        var now = DateTimeOffset.UtcNow;
        var deadline = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddHours(-36);
        var forged = deadline.AddDays(-1);

        var alice = Path.Combine(Root("s000"), "alice");
        Write(alice, Example("Quickies/Correct", Quickies));
        Directory.CreateDirectory(Path.Combine(alice, "Report"));
        File.WriteAllText(Path.Combine(alice, "Report", "report.md"), "# Notes\n\nNo heading names an item of the sheet.\n");
        TestGit.Run(alice, "init", "-q", "-b", "main");
        TestGit.Run(alice, "add", "-A");
        TestGit.Run(alice, forged, "commit", "-q", "-m", "handed in on time, says the date");
        TestGit.CommitTime(alice).Should().Be(forged, "the student set the commit's time");
        Write(Path.Combine(Root("s000"), "bob"), Example("Quickies/Correct", Quickies));

        var course = new TestCourseFile("Observed times", ["alice", "bob"], [("000", $"{deadline:yyyy-MM-ddTHH:mm}Z")]).WriteTo(Root("course.toml"));
        var run = Root("run000");
        await Ok(["grade", Root("s000"), "--out", run, "--sheet", "000", "--plain", "--jobs", "2", "--snapshots", TestSettings.Snapshots, "--seed", "67", .. SkipAllBut("000", Cheap000)]);
        var graded = File.ReadAllText(Path.Combine(run, "summary.md"));
        graded.Should().Contain("## Written reports").And.Contain("report.md has no heading that starts with an item of the sheet");
        var started = RunFile.Load(run)!.Run.Started;
        started.Should().BeAfter(deadline.AddHours(36).AddMinutes(-1));
        int lateDays = (int)Math.Ceiling((started - deadline).TotalDays);
        lateDays.Should().Be(2, "the run started 36 hours (and the grading's minutes) after the deadline");

        // The run at the deadline (its start set five minutes past it): bob's code the same, alice's another (the code she
        // had before her forged commit).
        var file = RunFile.Load(run)!;
        var atDeadline = Root("run000-deadline");
        CopyFolder(run, atDeadline);
        (file with { Run = file.Run with { Started = deadline.AddMinutes(5) } }).Save(atDeadline);
        var deadlineStore = new ResultStore(atDeadline);
        deadlineStore.Save(deadlineStore.Load("alice")! with { ContentHash = new string('a', 64) });
        var first = await Ok("semester", "record", atDeadline, "--course", course, "--handins", Root("s000"));
        first.Should().NotContain("late: alice").And.NotContain("late: bob");
        File.ReadAllText(Path.Combine(atDeadline, "summary.md")).Should().Contain("| bob | – (" + HandinTimes.FirstLook + ")");

        var recorded = await Ok("semester", "record", run, "--course", course, "--handins", Root("s000"));
        recorded.Should().NotContain("late: bob", "bob's code was there at the grader's first look: no observed time");
        recorded.Should().Contain($"late: alice: Late policy: 2 days late, submitted {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC (first seen by the grader)")
            .And.Contain("2 days × 25 % off: points × 0.5");
        var summary = File.ReadAllText(Path.Combine(run, "summary.md"));
        summary.Should().Contain("## Written reports", "semester record keeps every section of the run's summary")
            .And.Contain("| alice | report.md has no heading that starts with an item of the sheet");
        var row = summary.Split('\n').Single(l => l.StartsWith("| alice | ", StringComparison.Ordinal) && l.Contains("first seen", StringComparison.Ordinal));
        row.Should().Be($"| alice | {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC (first seen by the grader) | {forged.UtcDateTime:yyyy-MM-dd HH:mm} UTC | "
            + $"2 days late, submitted {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC (first seen by the grader) (due {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC; 0 days of grace used, 2 days × 25 % off: points × 0.5) |",
            "the forged time is shown as claimed and decides nothing");
        using (var gradebook = CourseGradebook.Open(Root("semester.db")))
        {
            var totals = gradebook.Grades.Totals(CourseFile.Load(course, CommonOptions.Catalog), CommonOptions.Catalog).Single(t => t.Student == "alice").Sheets.Single();
            totals.Late.Claimed.Should().Be(forged);
            totals.Late.Factor.Should().Be(0.5);
        }

        // A later run (its start three days on): alice's code is the same, so her time stays the first run's; bob's changed, so his is the new run's.
        var later = Root("run000-later");
        CopyFolder(run, later);
        (file with { Run = file.Run with { Started = started.AddDays(3) } }).Save(later);
        var store = new ResultStore(later);
        store.Save(store.Load("bob")! with { ContentHash = new string('b', 64) });
        var again = await Ok("semester", "record", later, "--course", course, "--handins", Root("s000"));
        again.Should().Contain($"late: alice: Late policy: 2 days late, submitted {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC (first seen by the grader)");
        again.Should().Contain($"late: bob: Late policy: 5 days late, submitted {started.AddDays(3).UtcDateTime:yyyy-MM-dd HH:mm} UTC (first seen by the grader)");

        // The LMS file decides where it is given.
        var lms = Root("lms.csv");
        File.WriteAllText(lms, $"student,submitted\nalice,{deadline.AddHours(-2):yyyy-MM-ddTHH:mm:ss}Z\n");
        var third = Root("run000-lms");
        CopyFolder(run, third);
        (file with { Run = file.Run with { Started = started.AddDays(4) } }).Save(third);
        var withLms = await Ok("semester", "record", third, "--course", course, "--handins", Root("s000"), "--submitted", lms);
        withLms.Should().NotContain("late: alice");
        File.ReadAllText(Path.Combine(third, "summary.md")).Should().Contain($"| alice | {deadline.AddHours(-2).UtcDateTime:yyyy-MM-dd HH:mm} UTC (LMS file) | {forged.UtcDateTime:yyyy-MM-dd HH:mm} UTC | on time");
        // A student's page reads their own totals (late outcomes, claimed and observed times): their row of the course's.
        PerStudentTotals.ShouldMatchWholeCourse(course);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var path in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }
    }
}
