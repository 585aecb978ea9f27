using System.CommandLine;
using Grader.Semester;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// The semester commands read a course's TOML file (<see cref="CourseTomlSemester"/>): its <c>[semester]</c> and the
/// sheets' deadlines give the same <see cref="CourseFile"/> as the equivalent old <c>course.json</c> did, and a broken one is
/// refused with the located messages of <c>grader course check</c>.
/// </summary>
public sealed class CourseTomlSemesterTests
{
    private const string Json = CourseFileTests.Good;

    private const string Semester = """

        [semester]
        students = ["alice", "bob"]
        admission = 0.5
        late = { grace-days = 1, penalty-per-day = 0.25 }
        extension = [{ student = "bob", sheet = "000", days = 2 }]

        """;

    private static string Heidelberg(string deadline = "deadline = 2026-11-02T13:00:00+01:00\n") =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "courses/heidelberg-ml4physics-2023.toml"))
            .Replace("prints-points = true\n", "prints-points = true\n" + deadline, StringComparison.Ordinal);

    [Test]
    public void A_course_toml_gives_the_semester_its_course_json_gives()
    {
        using var scratch = new Scratch();
        var json = Path.Combine(scratch.Root, "course.json");
        File.WriteAllText(json, Json);
        var toml = Path.Combine(scratch.Root, "heidelberg.toml");
        File.WriteAllText(toml, Heidelberg() + Semester);

        var fromJson = CourseJsonFile.Read(json, CommonOptions.Catalog);
        var fromToml = CourseFile.Load(toml, CommonOptions.Catalog);

        fromToml.Name.Should().Be("Heidelberg University, Machine Learning for Physicists 2023/24");
        (fromToml.Gradebook, fromToml.Admission, fromToml.Late).Should().Be((fromJson.Gradebook, fromJson.Admission, fromJson.Late));
        fromToml.Students.Should().Equal(fromJson.Students);
        fromToml.Sheets.Should().Equal(fromJson.Sheets);
        fromToml.Extensions.Should().Equal(fromJson.Extensions);
    }

    [Test]
    public void A_sheets_regrade_deadline_comes_from_its_regrade_key_and_a_sheet_without_one_has_none()
    {
        using var scratch = new Scratch();
        var toml = Path.Combine(scratch.Root, "heidelberg.toml");
        File.WriteAllText(toml, Heidelberg("deadline = 2026-11-02T13:00:00+01:00\nregrade = 2026-11-16T13:00:00+01:00\n") + Semester);
        var course = CourseFile.Load(toml, CommonOptions.Catalog);
        course.Sheets.Should().ContainSingle(s => s.Sheet == "000").Which.RegradeDeadline.Should().Be(new DateTimeOffset(2026, 11, 16, 13, 0, 0, TimeSpan.FromHours(1)));

        File.WriteAllText(toml, Heidelberg() + Semester);
        CourseFile.Load(toml, CommonOptions.Catalog).Sheets.Should().OnlyContain(s => s.RegradeDeadline == null, "no regrade key: requests stay open");
    }

    [Test]
    public void The_students_may_come_from_a_file_beside_the_course()
    {
        using var scratch = new Scratch();
        File.WriteAllText(Path.Combine(scratch.Root, "students.txt"), "# the course's students\nalice\n\nbob\n");
        var toml = Path.Combine(scratch.Root, "heidelberg.toml");
        File.WriteAllText(toml, Heidelberg() + Semester.Replace("students = [\"alice\", \"bob\"]", "students-file = \"students.txt\"", StringComparison.Ordinal));
        CourseFile.Load(toml, CommonOptions.Catalog).Students.Should().Equal("alice", "bob");
    }

    [TestCase("", "sheet 000 has no deadline")]
    [TestCase("deadline = 2026-11-02T13:00:00\n", ":1: the deadline of sheet 000 must be a date and time with its offset")]
    [TestCase("deadline = 2026-11-02T13:00:00+01:00\nregrade = 2026-11-02T13:00:00+01:00\n", ":1: the regrade deadline of sheet 000, 2026-11-02 13:00 +01:00, is not after its deadline")]
    [TestCase("deadline = 2026-11-02T13:00:00+01:00\nregrade = \"soon\"\n", ":1: the regrade deadline of sheet 000 must be a date and time with its offset")]
    public async Task A_course_the_semester_cannot_use_gets_located_messages_and_exit_code_1(string deadline, string message)
    {
        using var scratch = new Scratch();
        var toml = Path.Combine(scratch.Root, "heidelberg.toml");
        File.WriteAllText(toml, Heidelberg(deadline) + Semester);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await GraderCommand.InvokeAsync(["semester", "totals", "--course", toml], new InvocationConfiguration { Output = output, Error = error });
        code.Should().Be(ExitCodes.UsageError);
        error.ToString().Should().StartWith("grader semester: ").And.Contain(toml).And.Contain(message).And.NotContain("   at ");
    }

    [Test]
    public async Task A_broken_course_is_refused_with_the_messages_course_check_prints()
    {
        using var scratch = new Scratch();
        var toml = Path.Combine(scratch.Root, "heidelberg.toml");
        File.WriteAllText(toml, Heidelberg().Replace("total = 21\n", "total = 22\n", StringComparison.Ordinal)
            + Semester.Replace("[\"alice\", \"bob\"]", "[\"alice\", \"bob\", \"Alice\"]", StringComparison.Ordinal));
        using var checkOut = new StringWriter();
        CourseCommand.RunCheck(toml, "2026-01-01T00:00Z", checkOut, TextWriter.Null).Should().Be(ExitCodes.UsageError);
        var located = checkOut.ToString().Split('\n').Where(l => l.StartsWith(toml + ":", StringComparison.Ordinal) && !l.EndsWith("problem(s).", StringComparison.Ordinal)).ToList();
        located.Should().HaveCount(2);

        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await GraderCommand.InvokeAsync(["semester", "totals", "--course", toml], new InvocationConfiguration { Output = output, Error = error });
        code.Should().Be(ExitCodes.UsageError);
        error.ToString().Should().ContainAll(located).And.NotContain("   at ");
    }
}
