using System.CommandLine;
using Grader.Semester;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// The old <c>course.json</c> is retired (issue 83, item 3): every verb refuses it with one message saying how to convert
/// it; <c>grader course convert</c> writes the same semester as a course's TOML file, and a course.json it cannot use gets
/// one message naming the file and the field, and exit code 1, never a stack trace.
/// </summary>
public sealed class CourseFileTests
{
    internal const string Good = """
        { "name": "c", "admission": 0.5, "students": ["alice", "bob"],
          "sheets": [ { "id": "000", "deadline": "2026-11-02T12:00Z" } ],
          "extensions": [ { "student": "bob", "sheet": "000", "days": 2 } ],
          "late": { "graceDays": 1, "penaltyPerDay": 0.25 } }
        """;

    [Test]
    public async Task A_course_json_is_refused_by_every_verb_with_how_to_convert_it()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.json");
        File.WriteAllText(path, Good);
        foreach (var verb in new[] { new[] { "semester", "totals" }, ["serve", "tutor", "add", "ana"], ["semester", "backup", "--out", Path.Combine(scratch.Root, "b.db")] })
        {
            var (code, _, error) = await Run([.. verb, "--course", path]);
            code.Should().Be(ExitCodes.UsageError, string.Join(' ', verb));
            error.Should().Contain($"'{path}' is a course.json, which this grader no longer reads").And.Contain($"grader course convert {path}").And.NotContain("   at ");
        }
    }

    [Test]
    public async Task A_good_course_json_converts_to_a_toml_file_with_the_same_semester()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.json");
        File.WriteAllText(path, Good);
        var (code, output, error) = await Run("course", "convert", path);
        code.Should().Be(ExitCodes.Done, output + error);
        var toml = Path.Combine(scratch.Root, "course.toml");
        output.Should().StartWith($"Wrote {toml}: 2 students, 1 sheet(s)");
        (await Run("course", "check", toml, "--now", "2026-01-01T00:00Z")).Code.Should().Be(ExitCodes.Done, "the converted file is a valid course (its deadline after --now)");
        var late = await Run("course", "check", toml, "--now", "2026-12-01T00:00Z");
        late.Code.Should().Be(ExitCodes.UsageError, "a deadline before the check's time is a problem");
        (late.Out + late.Error).Should().Contain("is before now").And.Contain("--now", "a course under way is told how to check it as of its start");
        var course = CourseFile.Load(toml, CommonOptions.Catalog);
        course.Should().BeEquivalentTo(CourseJsonFile.Read(path, CommonOptions.Catalog), o => o.Excluding(c => c.Path).Excluding(c => c.Name).Excluding(c => c.Semester));
        (await Run("course", "convert", path)).Error.Should().Contain("exists; give a new file with --out", "a converted file is never overwritten");
        course.Sheets.Should().ContainSingle().Which.Deadline.Should().Be(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
        course.Extensions.Should().ContainSingle().Which.Should().Be(new Extension("bob", "000", 2));
        course.Late.Should().Be(new LatePolicy(1, 0.25));
        course.Gradebook.Should().Be(Path.Combine(scratch.Root, "semester.db"));
        course.Sheets[0].RegradeDeadline.Should().BeNull("without \"regrade\" requests have no deadline");
        File.WriteAllText(path, Good.Replace("\"deadline\": \"2026-11-02T12:00Z\"", "\"deadline\": \"2026-11-02T12:00Z\", \"regrade\": \"2026-11-16T12:00+01:00\"", StringComparison.Ordinal));
        var regraded = Path.Combine(scratch.Root, "regrade.toml");
        (await Run("course", "convert", path, "--out", regraded)).Code.Should().Be(ExitCodes.Done);
        CourseFile.Load(regraded, CommonOptions.Catalog).Sheets[0].RegradeDeadline.Should().Be(new DateTimeOffset(2026, 11, 16, 11, 0, 0, TimeSpan.Zero));
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
    public async Task A_bad_course_json_gets_one_clear_message_and_exit_code_1(string text, string message)
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.json");
        File.WriteAllText(path, text);
        var (code, _, error) = await Run("course", "convert", path);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().StartWith("grader course convert: ").And.Contain(path).And.Contain(message).And.NotContain("   at ");
        error.Trim().Split('\n').Should().ContainSingle();
        File.Exists(Path.ChangeExtension(path, ".toml")).Should().BeFalse("nothing is written from a course.json that cannot be used");
    }

    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await GraderCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
