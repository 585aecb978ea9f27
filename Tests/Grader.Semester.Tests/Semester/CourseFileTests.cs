using System.CommandLine;
using Grader.Semester;

namespace Grader.Cli.Tests.Semester;

/// <summary>A course file the grader cannot use gets one message naming the file and the field, and exit code 1, never a stack trace.</summary>
public sealed class CourseFileTests
{
    internal const string Good = """
        { "name": "c", "admission": 0.5, "students": ["alice", "bob"],
          "sheets": [ { "id": "000", "deadline": "2026-11-02T12:00Z" } ],
          "extensions": [ { "student": "bob", "sheet": "000", "days": 2 } ],
          "late": { "graceDays": 1, "penaltyPerDay": 0.25 } }
        """;

    [Test]
    public void A_good_course_file_is_read_with_its_deadline_extension_and_policy()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.json");
        File.WriteAllText(path, Good);
        var course = CourseFile.Load(path, CommonOptions.Catalog);
        course.Sheets.Should().ContainSingle().Which.Deadline.Should().Be(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
        course.Extensions.Should().ContainSingle().Which.Should().Be(new Extension("bob", "000", 2));
        course.Late.Should().Be(new LatePolicy(1, 0.25));
        course.Gradebook.Should().Be(Path.Combine(scratch.Root, "semester.db"));
        course.Sheets[0].RegradeDeadline.Should().BeNull("without \"regrade\" requests have no deadline");
        File.WriteAllText(path, Good.Replace("\"deadline\": \"2026-11-02T12:00Z\"", "\"deadline\": \"2026-11-02T12:00Z\", \"regrade\": \"2026-11-16T12:00+01:00\"", StringComparison.Ordinal));
        CourseFile.Load(path, CommonOptions.Catalog).Sheets[0].RegradeDeadline.Should().Be(new DateTimeOffset(2026, 11, 16, 11, 0, 0, TimeSpan.Zero));
    }

    [TestCase("not json", "is not valid JSON")]
    [TestCase("""{ "admission": 0.5, "students": [], "sheets": [] }""", "\"sheets\" names no sheet")]
    [TestCase("""{ "admission": 1.5, "students": [], "sheets": [] }""", "\"admission\" is 1.5")]
    [TestCase("""{ "admission": 0.5, "students": ["a"], "sheets": [ { "id": "999", "deadline": "2026-11-02T12:00Z" } ] }""", "the sheet \"999\" is not in the catalog")]
    [TestCase("""{ "admission": 0.5, "students": ["a"], "sheets": [ { "id": "000", "deadline": "2026-11-02 noon" } ] }""", "is not a time with its offset")]
    [TestCase("""{ "admission": 0.5, "students": ["a"], "sheets": [ { "id": "000", "deadline": "2026-11-02T12:00Z" } ], "extensions": [ { "student": "zoe", "sheet": "000", "days": 1 } ] }""", "\"zoe\" is not one of the course's students")]
    [TestCase("""{ "admission": 0.5, "students": ["a"], "sheets": [ { "id": "000", "deadline": "2026-11-02T12:00Z" } ], "late": { "penaltyPerDay": 2 } }""", "\"penaltyPerDay\" is 2")]
    [TestCase("""{ "admission": 0.5, "students": ["a"], "sheets": [ { "id": "000", "deadline": "2026-11-02T12:00Z", "regrade": "2026-11-01T12:00Z" } ] }""", "the regrade deadline \"2026-11-01T12:00Z\" is not a time with its offset after the sheet's deadline")]
    [TestCase("""{ "admission": 0.5, "students": ["a"], "sheets": [ { "id": "000", "deadline": "2026-11-02T12:00Z", "regrade": 3 } ] }""", "\"regrade\" must be a non-empty string")]
    [TestCase("""{ "admission": 0.5, "students": ["a", "a"], "sheets": [] }""", "listed twice")]
    [TestCase("""{ "admision": 0.5 }""", "unknown field \"admision\"")]
    public async Task A_bad_course_file_gets_one_clear_message_and_exit_code_1(string text, string message)
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.json");
        File.WriteAllText(path, text);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await GraderCommand.InvokeAsync(["semester", "totals", "--course", path], new InvocationConfiguration { Output = output, Error = error });
        code.Should().Be(ExitCodes.UsageError);
        error.ToString().Should().StartWith("grader semester: ").And.Contain(path).And.Contain(message).And.NotContain("   at ");
        error.ToString().Trim().Split('\n').Should().ContainSingle();
    }
}
