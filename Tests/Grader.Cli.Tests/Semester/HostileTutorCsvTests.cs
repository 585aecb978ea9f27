namespace Grader.Cli.Tests.Semester;

/// <summary>
/// <c>rubric check</c> and <c>semester record --submitted</c> over hostile CSVs (<see cref="HostileCsvs"/>), in process:
/// each ends with a clean read or with one message naming the file and a non-zero exit, never a stack trace
/// (issue 44, item 2). The run <c>semester record</c> records is one correct hand-in, sheet 000's two cheapest tasks.
/// </summary>
[NonParallelizable]
public sealed class HostileTutorCsvTests
{
    private static readonly string[] Cheap000 = ["000/3a/loss-functions", "000/3e/generative-losses"];
    private const string Submitted = "alice,2026-11-01T10:00:00Z";
    private static string _rubricHeader = "", _rubricRow = "";
    private Scratch _scratch = null!;

    private string Run => Path.Combine(_scratch.Root, "run000");

    private static Task<(int Code, string Out, string Error)> Grader(params string[] args) => GraderInProcess.RunAsync(args);

    [OneTimeSetUp]
    public async Task Grade_one_hand_in_and_export_its_rubric()
    {
        _scratch = new Scratch();
        _scratch.Copy(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Correct"), Path.Combine("handins", "alice"));
        var grade = await Grader(["grade", _scratch.Handins, "--out", Run, "--sheet", "000", "--plain", "--jobs", "1", "--snapshots", TestSettings.Snapshots, "--seed", "44", .. SkipAllBut("000", Cheap000)]);
        grade.Code.Should().Be(ExitCodes.Done, grade.Out + grade.Error);
        var rubric = Path.Combine(_scratch.Root, "rubric.csv");
        var export = await Grader("rubric", "export", "--out", rubric, "--students", "alice", "--sheet", "000");
        export.Code.Should().Be(ExitCodes.Done, export.Error);
        var lines = File.ReadAllLines(rubric);
        (_rubricHeader, _rubricRow) = (lines[0], lines[1]);
    }

    [OneTimeTearDown]
    public void Clean() => _scratch.Dispose();

    private static IEnumerable<string> Cases() => HostileCsvs.Of("h", "a,b").Keys;

    /// <summary>A clean read, or one message on stderr naming the file and a usage error; never a stack trace.</summary>
    private static void EndsCleanly((int Code, string Out, string Error) result, string file)
    {
        TestContext.Out.WriteLine($"exit {result.Code}\n{result.Out}\n{result.Error}");
        result.Error.Should().NotContain("   at ").And.NotContain("Exception", "a tutor gets a message, not a stack trace");
        if (result.Code == ExitCodes.Done)
        {
            result.Out.Should().NotBeEmpty();
            return;
        }

        result.Code.Should().Be(ExitCodes.UsageError);
        result.Error.Trim().Split('\n').Should().ContainSingle("one message").Which.Should().Contain(Path.GetFileName(file));
        result.Error.Length.Should().BeLessThan(2000, "the message quotes no megabyte of the file");
        result.Error.Trim().Should().NotMatchRegex(@"[\x00-\x1F\x7F]", "the message shows the file's control characters escaped");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Semester_record_ends_cleanly_over_a_hostile_submissions_csv(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_scratch.Root, "record-" + name)).FullName;
        var csv = Path.Combine(folder, name + ".csv");
        File.WriteAllBytes(csv, HostileCsvs.Of("student,submitted", Submitted)[name]);
        var course = new TestCourseFile("Hostile CSVs", ["alice"], [("000", "2026-11-02T12:00Z")]) { Late = null }.WriteTo(Path.Combine(folder, "course.toml"));

        EndsCleanly(await Grader("semester", "record", Run, "--course", course, "--submitted", csv), csv);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Rubric_check_ends_cleanly_over_a_hostile_rubric_csv(string name)
    {
        var csv = Path.Combine(_scratch.Root, "rubric-" + name + ".csv");
        File.WriteAllBytes(csv, HostileCsvs.Of(_rubricHeader.TrimStart('\uFEFF'), _rubricRow)[name]);

        EndsCleanly(await Grader("rubric", "check", csv), csv);
    }
}
