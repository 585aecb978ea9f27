using Grader.Checks.Courses;
using Grader.Cli.Assign;
using Grader.Grading.Courses;

namespace Grader.Cli.Tests.AddingATask;

/// <summary>
/// Issue 28: a task is stated once, in its sheet entry and its family's pack. <see cref="ThrowawayPack"/> is such a
/// statement, written here and thrown away: its sheet entry is a course file (<see cref="ThrowawayPack.CourseFile"/>),
/// read and checked as <c>grader course check</c> reads and checks one (<see cref="CourseSource.Read"/>, with the pack
/// among the packs), and joined with the shipped courses as <see cref="CourseCatalog.Default"/> joins them
/// (<see cref="CourseCatalog.FromCourses"/>, issue 83) and with the tutor side as <c>TutorCatalog</c> does
/// (<see cref="TutorCatalog.TutorSide"/>); every place that enumerates tasks then picks the task up, with no edit anywhere else: the validator, grading, the
/// gradebook and the run summary, <c>grader assign</c>'s files and points, the catalog table and JSON, and the
/// correct examples the self-check grades in the grader's repository. The README the newcomer follows,
/// <c>Graders/Checks/README.md</c>, describes exactly these steps.
/// </summary>
public sealed class AddingATaskTests
{
    private Scratch _scratch = null!;
    private ThrowawayPack _family = null!;
    private string _courseFile = null!;
    private CourseDocument _course = null!;
    private CourseCatalog _students = null!;
    private CourseCatalog _tutor = null!;

    [OneTimeSetUp]
    public void AddTheTask()
    {
        _scratch = new Scratch();
        _family = new ThrowawayPack(_scratch.Root);
        _courseFile = Path.Combine(_scratch.Root, "throwaway.toml");
        File.WriteAllText(_courseFile, ThrowawayPack.CourseFile);
        _course = CourseSource.Read(_courseFile, [.. CourseCatalog.Default.Packs, _family.Pack], now: null);
        _students = CourseCatalog.FromCourses([.. CourseCatalog.ShippedCourses, _course], [.. CourseCatalog.Default.Packs, _family.Pack]);
        _tutor = TutorCatalog.TutorSide(_students, [.. TutorCatalog.Packs, ThrowawayPack.Tutor]);
    }

    [Test]
    public void Course_check_passes_the_course_file_with_the_pack_and_names_the_task_without_it()
    {
        _course.Problems.Should().BeEmpty(_course.ProblemText);
        _course.Tasks.Select(t => (t.Id, t.Points, t.AutoPoints)).Should().Equal((ThrowawayPack.TaskId, 1.0, 1.0));
        CourseSource.Read(_courseFile, CourseCatalog.Default.Packs, now: null).ProblemText
            .Should().Contain(ThrowawayPack.TaskId, "the control: without its pack, the task's automatic point has no check");
    }

    [OneTimeTearDown]
    public void ThrowItAway() => _scratch.Dispose();

    [Test]
    public void The_validator_accepts_the_course_with_the_task_and_its_pack_s_folders()
    {
        CatalogValidator.Validate(_tutor).Should().BeEmpty("the course with the new sheet entry and pack breaks no catalog or tutor-side rule");
        // The folder rules compile every folder of every pack they are given (about 10 s for the course's seven, which
        // CatalogCommandTests holds to them); the new pack's alone here.
        var alone = TutorCatalog.TutorSide(CourseCatalog.FromCourses([_course], [_family.Pack]), [ThrowawayPack.Tutor]);
        CatalogValidator.Validate(alone, CatalogFolders.Of(RepositoryRoot.Path)).Should().BeEmpty("the template, correct example and mutant are what the rules ask for");
        _tutor.FindTask(ThrowawayPack.TaskId)!.Checks.Select(c => c.Check.Id).Should().Equal("throwaway.doubles-its-input");
        FluentActions.Invoking(() => _tutor.With(_course.Sheets, _course.Tasks, [_family.Pack])).Should().Throw<InvalidOperationException>("the tutor side is bound after the entries");
    }

    [Test]
    public void Grading_runs_the_task_s_check_the_correct_example_earns_its_point_and_the_mutant_none()
    {
        var (correct, mutant) = GradeBoth();

        correct.Compile.Success.Should().BeTrue(correct.Compile.Summary());
        var right = correct.Find(ThrowawayPack.TaskId)!;
        right.Checks.Select(c => c.CheckId).Should().Equal("throwaway.doubles-its-input");
        right.FullMarks.Should().BeTrue(TextReport.RenderTask(right));
        right.Score.Should().Be(1);
        var wrong = mutant.Find(ThrowawayPack.TaskId)!;
        wrong.Score.Should().Be(0);
        wrong.Checks.Where(c => !c.Passed).Select(c => c.CheckId).Should().Equal(HandinSource.Load(Folder(_family.Pack.Folders.Mutants, "triples")).Mutant!.Checks);
    }

    [Test]
    public void The_gradebook_and_the_run_summary_have_the_task()
    {
        var (correct, mutant) = GradeBoth();
        var config = Config();
        var summary = new GradingSummary(config.Assignment, [correct, mutant], [], ManualGrades.Empty,
            RunInfo.Of(config, null, 1, "in-process", DateTimeOffset.UnixEpoch, TimeSpan.Zero, "test"));
        var table = GradebookTable.From(summary);

        GradebookCsvReporter.Header(table).Should().Contain([$"{ThrowawayPack.TaskId} auto", $"{ThrowawayPack.TaskId} total"]);
        table.Rows.Select(r => (r.Student, r.Tasks.Single(t => t.Task.Id == ThrowawayPack.TaskId).Auto)).Should().Equal(("Correct", 1.0), ("triples", 0.0));
        SummaryMarkdown.Render(summary, table).Should().Contain("sheet 905").And.Contain("throwaway.doubles-its-input", "the summary's most failed checks name the mutant's");
    }

    [Test]
    public void Grader_assign_gives_students_the_task_s_template_its_readme_row_and_its_visible_points()
    {
        var assignment = _students.FindAssignment("905")!;
        var layout = AssignmentLayout.Of(assignment, _students, RepositoryRoot.Path);

        layout.TemplateFiles.Should().Equal($"{_family.Pack.Folders.Template}/Doubler.cs");
        layout.HandinReadme(RepositoryRoot.Path).Should().Contain("| `Doubler.cs` | `IDoubler` |");
        var points = AssignmentPoints.Of(assignment);
        points.Should().Be(new AssignmentPoints(VisibleTasks: 1, VisiblePoints: 1, HiddenChecks: 0, HiddenPoints: 0), "the self-check has one test, for the new task");
        StudentReadme.Render(assignment, points).Should().Contain(TextReport.TaskName(_course.Tasks.Single()));
        AssignmentFile.Read(WriteAssignmentFile(assignment), _students).Tasks.Select(t => t.Id).Should().Equal(ThrowawayPack.TaskId);
    }

    [Test]
    public void The_catalog_table_the_json_and_the_correct_examples_have_it()
    {
        CatalogTable.ToMarkdown(_tutor).Should().Contain(ThrowawayPack.TaskId)
            .And.Contain($"| `{ThrowawayPack.TaskId}` | `IDoubler` | `Grader.Cli.Tests.AddingATask.ReferenceDoubler` | sheet 905, ex. 1: double a number |",
                "the references table is made from the tutor pack's reference and the checks' sheet citation, with no row written by hand");
        CatalogJson.Render(_tutor).Should().Contain(ThrowawayPack.TaskId);
        _students.CorrectExamples(RepositoryRoot.Path).Files.Select(f => f.Text).Should().ContainMatch("*x + x*", "the self-check in the grader's repository grades every pack's correct example");
    }

    private GradingConfig Config() => TestSettings.For("905", catalog: _tutor).Config;

    private (HandinReport Correct, HandinReport Mutant) GradeBoth()
    {
        var options = Config().Options(TimeSpan.FromSeconds(30));
        return (HandinGrader.Default.Grade(HandinSource.Load(Folder(_family.Pack.Folders.Correct)), _tutor, options),
                HandinGrader.Default.Grade(HandinSource.Load(Folder(_family.Pack.Folders.Mutants, "triples")), _tutor, options));
    }

    private static string Folder(params string[] parts) => Path.Combine([RepositoryRoot.Path, .. parts]);

    private string WriteAssignmentFile(Assignment assignment)
    {
        var path = Path.Combine(_scratch.Root, AssignmentFile.FileName);
        File.WriteAllText(path, AssignmentFile.Text(assignment));
        return path;
    }
}
