using Grader.Cli.Assign;
using Grader.Grading.Courses;

namespace Grader.Cli.Tests.Courses;

/// <summary>
/// A course with a sheet the shipped courses do not have ("105": one task of TUM's sheet 002 re-weighted, one of
/// Heidelberg's 000, one of its own graded by hand) goes through the real commands: <c>course check</c>, <c>assign</c>,
/// <c>grade</c> with the correct examples (the course's points, <c>--skip-check</c> checked against the course) and
/// <c>semester record</c>; an unknown sheet names the course's sheets, a check the course does not have is refused.
/// </summary>
[NonParallelizable]
public sealed class NewSheetCourseTests
{
    internal static readonly string Course = $$"""
        id = "new-sheet-2027"
        institution = "A University"
        name = "Generative models"
        year = "2027"

        [[sheet]]
        id = "105"
        file = "sheet-105.pdf"
        title = "Flows and losses"
        total = 6
        deadline = 2027-01-15T12:00:00+01:00

        [[sheet.task]]
        id = "002/p1a/rank-one-sigmoid-flow"
        exercise = "1"
        title = "Is z = σ(aᵀa x) a normalizing flow?"
        points = 3
        auto = 2

        {{EditedCourse.ManualItem("justification", 1, (1, "A^T A has rank one, so the map is not invertible."), (0, "Missing or wrong."))}}
        [[sheet.task]]
        id = "000/3a/loss-functions"
        exercise = "2"
        title = "A loss for regression and one for classification"
        points = 1
        auto = 1

        [[sheet.task]]
        id = "105/3/essay"
        exercise = "3"
        title = "When would you use a flow rather than a VAE?"
        points = 2

        {{EditedCourse.ManualItem("essay", 2, (2, "Exact likelihood versus a bound, and the cost of invertibility."), (1, "One of the two."), (0, "Missing or wrong."))}}
        [semester]
        students = ["alice"]
        admission = 0.5
        late = { grace-days = 0, penalty-per-day = 0.25 }

        """;

    private static readonly string Snapshots = Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots");

    [Test]
    public async Task A_course_with_a_new_sheet_id_is_checked_assigned_graded_and_recorded()
    {
        using var scratch = new Scratch();
        var course = Path.Combine(scratch.Root, "new-sheet.toml");
        File.WriteAllText(course, Course);
        var check = await Grader("course", "check", course, "--now", "2026-12-01T00:00Z");
        check.Code.Should().Be(ExitCodes.Done, check.Out + check.Error);

        var repository = Path.Combine(scratch.Root, "repo");
        var assigned = await Grader("assign", "--course", course, "--sheet", "105", "--out", repository);
        assigned.Code.Should().Be(ExitCodes.Done, assigned.Error);
        File.ReadAllText(Path.Combine(repository, AssignmentFile.FileName)).Should().Contain("\"sheet\": \"105\"").And.Contain("new-sheet-2027");
        File.ReadAllText(Path.Combine(repository, StudentCourseFile.Folder, "new-sheet.toml")).Should().Contain("id = \"105\"").And.Contain("105/3/essay").And.NotContain("[semester]");
        var assignment = CourseOfFile.Load(course, CommonOptions.Catalog).Catalog.FindAssignment("105")!;
        // Read with the tutor's catalog the course file is the tutor's (hidden checks bound); with the students' it is theirs.
        var students = CourseOfFile.Load(course, CourseCatalog.Default).Catalog.FindAssignment("105")!;
        assignment.Tasks.SelectMany(t => t.Checks).Should().NotContain(c => c.Check is DeferredCheck, "the tutor's side binds every hidden check");
        students.Tasks.SelectMany(t => t.Checks).Should().Contain(c => c.Check is DeferredCheck, "the control: the students' side keeps the hidden checks deferred");
        SheetFamilies.Of(assignment).Select(p => p.Family).Should().HaveCount(2);
        SheetFamilies.Foreign(repository, assignment).Should().BeEmpty("the repository holds the two families the sheet takes its tasks from, no other");

        var alice = Path.Combine(scratch.Root, "handins", "alice");
        Directory.CreateDirectory(alice);
        foreach (var pack in SheetFamilies.Of(assignment))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, pack.Folders.Correct), "*.cs"))
            {
                File.Copy(file, Path.Combine(alice, Path.GetFileName(file)), overwrite: true);
            }
        }

        var output = Path.Combine(scratch.Root, "out");
        var graded = await Grader("grade", scratch.Handins, "--out", output, "--sheet", "105", "--course", course, "--snapshots", Snapshots, "--plain", "--check-timeout", "60");
        graded.Code.Should().Be(ExitCodes.Done, graded.Out + graded.Error);
        var rows = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        var header = rows[0].Split(',');
        var row = rows[1].Split(',');
        row[Array.IndexOf(header, "max")].Should().Be("6");
        row[Array.IndexOf(header, "002/p1a/rank-one-sigmoid-flow auto")].Should().Be("2", "the correct example earns the course's automatic share, not TUM's 1");
        row[Array.IndexOf(header, "000/3a/loss-functions auto")].Should().Be("1");
        header.Should().Contain("105/3/essay manual");
        File.ReadAllText(Path.Combine(output, "students", "alice", "feedback.md")).Should().Contain("**Essay** (2 pts): graded by hand, pending");

        var submitted = Path.Combine(scratch.Root, "submitted.csv");
        File.WriteAllText(submitted, "student,submitted\nalice,2027-01-16T12:00:00+01:00\n");
        var recorded = await Grader("semester", "record", output, "--course", course, "--submitted", submitted);
        recorded.Code.Should().Be(ExitCodes.Done, recorded.Error);
        recorded.Out.Should().Contain("105").And.Contain("late: alice", "a day after sheet 105's own deadline");
    }

    [Test]
    public async Task An_unknown_sheet_names_the_courses_sheets_and_skip_check_is_checked_against_the_course()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var course = Path.Combine(scratch.Root, "new-sheet.toml");
        File.WriteAllText(course, Course);

        var assigned = await Grader("assign", "--course", course, "--sheet", "002", "--out", Path.Combine(scratch.Root, "repo"));
        assigned.Code.Should().Be(ExitCodes.UsageError);
        assigned.Error.Should().Contain("105 (").And.NotContain("002 (", "the course's sheets are named, not the shipped ones").And.NotContain("   at ");

        var graded = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--sheet", "002", "--course", course, "--snapshots", Snapshots, "--plain");
        graded.Code.Should().Be(ExitCodes.UsageError);
        graded.Error.Should().Contain("Unknown sheet '002'").And.Contain("105 (").And.NotContain("004 (").And.NotContain("   at ");

        // A check of the shipped courses that no task of this course has is refused, naming the course's checks.
        var foreign = CourseCatalog.Default.TasksOf("002").Where(t => t.Id != "002/p1a/rank-one-sigmoid-flow").SelectMany(t => t.Checks).First().Check.Id;
        var own = CourseOfFile.Load(course, CommonOptions.Catalog).Catalog.FindTask("000/3a/loss-functions")!.Checks[0].Check.Id;
        var skipped = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--sheet", "105", "--course", course, "--snapshots", Snapshots, "--plain", "--skip-check", foreign);
        skipped.Code.Should().Be(ExitCodes.UsageError);
        skipped.Error.Should().Contain($"Unknown check '{foreign}'").And.Contain(own).And.Contain(course).And.NotContain("   at ");
        Directory.Exists(Path.Combine(scratch.Root, "out", "records")).Should().BeFalse("nothing is graded after a refusal");
    }

    private static Task<(int Code, string Out, string Error)> Grader(params string[] args) => GraderInProcess.RunAsync(args);
}
