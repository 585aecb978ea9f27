using Grader.Semester;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Web.Tests.Serve;

/// <summary><c>grader serve</c>'s command line: a tutor's token printed once and stored hashed; bad input one line and a usage error.</summary>
public sealed class ServeCommandTests
{
    [Test]
    public async Task Tutor_add_prints_a_fresh_token_once_and_serve_refuses_bad_names_addresses_and_a_course_without_tutors()
    {
        using var scratch = new Scratch();
        var course = new TestCourseFile("c", ["alice"], [("000", "2099-01-01T00:00Z")]) { Late = null }.WriteTo(Path.Combine(scratch.Root, "course.toml"));

        var (code, output, error) = await SemesterCommands.Grader("serve", "--course", course, "--urls", "http://127.0.0.1:0");
        code.Should().Be(ExitCodes.UsageError, output + error);
        error.Trim().Should().Be($"grader serve: No tutor can sign in yet: add one with 'grader serve tutor add NAME --course {course}'.");

        var first = (await Ok("serve", "tutor", "add", "Ana Tutor", "--course", course)).Trim().Split('\n');
        var again = (await Ok("serve", "tutor", "add", "Ana Tutor", "--course", course)).Trim().Split('\n');
        first[^1].Should().MatchRegex("^[A-Za-z0-9_-]{43}$").And.NotBe(again[^1], "each call makes a fresh token");
        using (var gradebook = CourseGradebook.Open(Path.Combine(scratch.Root, "semester.db")))
        {
            gradebook.Tutors.Tutors().Should().Equal([("Ana Tutor", Grader.Semester.TutorToken.Hash(again[^1]))], "the newest token replaces the old; only its hash is kept");
        }

        foreach (var (args, message) in new[]
        {
            (new[] { "serve", "tutor", "add", "<script>", "--course", course }, "'<script>' is not a tutor's name"),
            (new[] { "serve", "--course", course, "--urls", "file:///etc/passwd" }, "--urls: 'file:///etc/passwd' is not an address"),
            (new[] { "serve", "--course", course, "--urls", "http://127.0.0.1:0/admin" }, "is not an address like http://127.0.0.1:5000"),
            (new[] { "serve", "--course", Path.Combine(scratch.Root, "missing.json") }, "missing.json"),
        })
        {
            var (refused, text, problem) = await SemesterCommands.Grader(args);
            refused.Should().Be(ExitCodes.UsageError, $"{string.Join(' ', args)}: {text}{problem}");
            problem.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain(message);
        }
    }
}
