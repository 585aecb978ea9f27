using Grader.Checks.Courses;
using Grader.Cli.Assign;

namespace Grader.Tool.Tests.Package;

/// <summary>
/// Issue 48's "Done when", as a tutor does it with the installed tool only (packed once from this build, run from an empty
/// folder with no checkout above it): a copy of sheet 002's shipped course file with a task dropped (P4 (a)), one
/// re-weighted (P1 (a): 3 points, 2 automatic), a manual item of three levels added (P1 (b)), a new deadline and a
/// semester passes <c>course check</c>; <c>assign --course</c> writes a repository of the sheet's families only; the
/// correct example graded with <c>grade --course</c> earns the new points with the new item pending; and <c>semester
/// record</c> with a time after the new deadline makes the export late. A file with five planted mistakes gets five
/// located messages in one run.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public sealed class TutorCourseFileTests
{
    private const string Sheet = "002";
    private const string Deadline = "2027-03-01T12:00:00+01:00";

    private Scratch _scratch = null!;
    private string _grader = null!;
    private string _tutor = null!;

    [OneTimeSetUp]
    public async Task Pack_and_install_the_tool()
    {
        _scratch = new Scratch();
        var (_, tools) = await ToolPackage.PackedAndInstalled();
        _grader = Path.Combine(tools, "grader");
        _tutor = Path.Combine(_scratch.Root, "tutor");
        Directory.CreateDirectory(_tutor);
        for (var folder = new DirectoryInfo(_tutor); folder is not null; folder = folder.Parent)
        {
            File.Exists(Path.Combine(folder.FullName, GraderRepository.SolutionFile)).Should().BeFalse($"no checkout lies above the tutor's folder ({folder.FullName})");
        }
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch?.Dispose();

    /// <summary>TUM's sheet 002: P4 (a) dropped (−2), P1 (a) 2 → 3 points (2 automatic), P1 (b) + an item of 1 point in three levels: the total stays 28.</summary>
    internal static string Edited(string semester)
    {
        var text = EditedCourse.RemoveTask(EditedCourse.Shipped("tum-deep-generative-models-2023.toml"), "002/p4a/why-elbo");
        var p1a = text.IndexOf("id = \"002/p1a/rank-one-sigmoid-flow\"", StringComparison.Ordinal);
        var weights = text.IndexOf("points = 2\nauto = 1\n", p1a, StringComparison.Ordinal);
        text = text[..weights] + "points = 3\nauto = 2\n" + text[(weights + "points = 2\nauto = 1\n".Length)..];
        var p1b = text.IndexOf("id = \"002/p1b/polynomial-flow\"", StringComparison.Ordinal);
        weights = text.IndexOf("points = 2\nauto = 1\n", p1b, StringComparison.Ordinal);
        text = text[..weights] + "points = 3\nauto = 1\n" + text[(weights + "points = 2\nauto = 1\n".Length)..];
        var p1c = text.IndexOf("[[sheet.task]]\nid = \"002/p1c/volume-preserving\"", StringComparison.Ordinal);
        text = text[..p1c] + EditedCourse.ManualItem("name-the-symmetry", 1,
            (1, "Names the symmetry x₁ → −x₁ and shows both inputs give the same z."),
            (0.5, "Names the symmetry without showing it."),
            (0, "Missing or wrong.")) + text[p1c..];
        text.Should().Contain("total = 28\n");
        return text.Replace("total = 28\n", $"total = 28\ndeadline = {Deadline}\n", StringComparison.Ordinal) + semester;
    }

    private const string Semester = """

        [semester]
        students = ["alice"]
        admission = 0.5
        late = { grace-days = 0, penalty-per-day = 0.25 }

        """;

    [Test]
    public async Task A_tutors_edited_course_file_runs_the_sheet_through_the_installed_tool()
    {
        var course = Path.Combine(_tutor, "tum-2027.toml");
        File.WriteAllText(course, Edited(Semester));

        var check = await ToolPackage.Capture(_grader, ["course", "check", course], _tutor);
        check.Exit.Should().Be(0, check.Output);

        var assigned = await ToolPackage.Capture(_grader, ["assign", "--course", course, "--sheet", Sheet, "--out", "repo"], _tutor);
        assigned.Exit.Should().Be(0, assigned.Output);
        var assignment = CourseCatalog.Default.FindAssignment(Sheet)!;
        SheetFamilies.Foreign(Path.Combine(_tutor, "repo"), assignment).Should().BeEmpty();
        var received = File.ReadAllText(Path.Combine(_tutor, "repo", StudentCourseFile.Folder, "tum-2027.toml"));
        received.Should().Contain("name-the-symmetry").And.NotContain("002/p4a/why-elbo").And.NotContain("[semester]").And.NotContain("Names the symmetry");

        var alice = Path.Combine(_tutor, "handins", "alice");
        Directory.CreateDirectory(alice);
        foreach (var pack in SheetFamilies.Of(assignment))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, pack.Folders.Correct), "*.cs"))
            {
                File.Copy(file, Path.Combine(alice, Path.GetFileName(file)), overwrite: true);
            }
        }

        var graded = await ToolPackage.Capture(_grader, ["grade", "handins", "--out", "out", "--sheet", Sheet, "--course", course, "--plain", "--check-timeout", "60"], _tutor);
        graded.Exit.Should().Be(0, graded.Output);
        var rows = File.ReadAllLines(Path.Combine(_tutor, "out", "gradebook.csv"));
        var header = rows[0].Split(',');
        var row = rows[1].Split(',');
        header.Should().NotContain(h => h.StartsWith("002/p4a/why-elbo", StringComparison.Ordinal), "the dropped task is gone");
        row[Array.IndexOf(header, "max")].Should().Be("28");
        row[Array.IndexOf(header, "002/p1a/rank-one-sigmoid-flow auto")].Should().Be("2", "the correct example earns P1 (a)'s new automatic share");
        var feedback = File.ReadAllText(Path.Combine(_tutor, "out", "students", "alice", "feedback.md"));
        feedback.Should().Contain("- **Name the symmetry** (1 pt): graded by hand, pending", "the new item waits for its tutor");
        TestContext.Out.WriteLine(feedback);

        var submitted = Path.Combine(_tutor, "submitted.csv");
        File.WriteAllText(submitted, "student,submitted\nalice,2027-03-03T12:00:00+01:00\n");
        var recorded = await ToolPackage.Capture(_grader, ["semester", "record", "out", "--course", course, "--submitted", submitted], _tutor);
        recorded.Exit.Should().Be(0, recorded.Output);
        TestContext.Out.WriteLine(recorded.Output);
        recorded.Output.Should().Contain("late: alice", "two days after the new deadline");

        // Every manual item given full marks, so the sheet's points are final and the export shows them after the late rule.
        var items = CourseToml.Read(File.ReadAllText(course), course, CourseCatalog.Default.Packs).Tasks.SelectMany(t => t.Manual.Select(m => (Task: t.Id, m.Id, m.Points))).ToList();
        items.Should().Contain(i => i.Id == "name-the-symmetry");
        foreach (var (task, item, points) in items)
        {
            var scored = await ToolPackage.Capture(_grader, ["semester", "score", "--course", course, "--student", "alice", "--task", task, "--item", item, "--points", points.ToString(CultureInfo.InvariantCulture)], _tutor);
            scored.Exit.Should().Be(0, scored.Output);
        }

        var exported = await ToolPackage.Capture(_grader, ["semester", "export", "--course", course, "--out", "lms.csv"], _tutor);
        exported.Exit.Should().Be(0, exported.Output);
        var lms = File.ReadAllLines(Path.Combine(_tutor, "lms.csv"));
        TestContext.Out.WriteLine(string.Join('\n', lms));
        var before = double.Parse(row[Array.IndexOf(header, "auto total")], CultureInfo.InvariantCulture) + items.Sum(i => i.Points);
        var exportedPoints = double.Parse(lms[1].Split(',')[^1], CultureInfo.InvariantCulture);
        exportedPoints.Should().BeApproximately(before * 0.5, 1e-3, "two late days at 0.25 of the sheet a day, counted from the new deadline");
    }

    [Test]
    public async Task Five_planted_mistakes_get_five_located_messages_from_the_installed_tool()
    {
        var text = Edited(Semester.Replace("students = [\"alice\"]", "students = [\"alice\", \"ALICE\"]\nextension = [{ student = \"zed\", sheet = \"002\", days = 1 }]", StringComparison.Ordinal))
            .Replace("id = \"002/p1a/rank-one-sigmoid-flow\"", "id = \"002/p1a/rank-one-sigmoid-flwo\"", StringComparison.Ordinal)
            .Replace("total = 28\n", "total = 29\n", StringComparison.Ordinal)
            .Replace("[[sheet.task]]\nid = \"002/p1c/volume-preserving\"", "[[sheet.task.manual]]\nid = \"no-levels\"\npoints = 0\n\n[[sheet.task]]\nid = \"002/p1c/volume-preserving\"", StringComparison.Ordinal);
        var course = Path.Combine(_tutor, "broken.toml");
        File.WriteAllText(course, text);

        var (exit, output) = await CaptureBoth(["course", "check", course]);

        TestContext.Out.WriteLine(output);
        exit.Should().NotBe(0);
        var located = output.Split('\n').Where(l => Regex.IsMatch(l, $@"^{Regex.Escape(course)}:\d+:\d+: ")).ToList();
        located.Should().HaveCount(5, output);
        located.Should().Contain(l => l.Contains("rank-one-sigmoid-flwo", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("29", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("no-levels", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("ALICE", StringComparison.OrdinalIgnoreCase) && !l.Contains("zed", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("zed", StringComparison.Ordinal));
    }

    private async Task<(int Exit, string Output)> CaptureBoth(string[] arguments)
    {
        var result = await ProcessResult.RunAsync(ProcessResult.StartInfo(_grader, arguments, _tutor), TimeSpan.FromMinutes(2));
        return (result.Code, result.Output + result.Error);
    }
}
