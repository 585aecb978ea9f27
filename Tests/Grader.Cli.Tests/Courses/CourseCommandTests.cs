using System.CommandLine;
using Grader.Checks.Courses;

namespace Grader.Cli.Tests.Courses;

/// <summary>
/// <c>grader course check</c> and <c>grader course new</c>: a course file with five planted mistakes gets five messages,
/// each at the line and column of its mistake; a syntax error is located; the shipped files and a new file pass.
/// </summary>
public sealed class CourseCommandTests
{
    private static readonly string Dtu = Path.Combine(RepositoryRoot.Path, "courses/dtu-02460-2024.toml");

    [Test]
    public void Five_planted_mistakes_get_five_located_messages_in_one_run()
    {
        using var scratch = new Scratch();
        var text = File.ReadAllText(Dtu)
            .Replace("id = \"004/3.4/negative-elbo\"", "id = \"004/3.4/negative-elbow\"", StringComparison.Ordinal)            // 1. an unknown task id
            .Replace("total = 14\n", "total = 15\n", StringComparison.Ordinal)                                                     // 2. points that do not add up
            .Replace("id = \"chequerboard-architecture\"\npoints = 0.5\n[[sheet.task.manual.level]]\npoints = 0.5\n",
                "id = \"chequerboard-architecture\"\npoints = 0.5\n[[sheet.task.manual.level]]\npoints = 0.75\n", StringComparison.Ordinal) // 3. a level above its item's points
            .Replace("prints-points = false\n", "prints-points = false\ndeadline = 2026-01-15T12:00:00+01:00\n", StringComparison.Ordinal) // 4. a deadline before the run
            + "\n[semester]\nstudents = [\"ada\", \"grace\", \"Ada\"]\n";                                                          // 5. a student twice
        var path = Path.Combine(scratch.Root, "course.toml");
        File.WriteAllText(path, text);
        var lines = text.Split('\n');
        var total = LineOf(lines, "total = 15");
        var deadline = LineOf(lines, "deadline = 2026-01-15");
        var unknown = LineOf(lines, "negative-elbow");
        var level = LineOf(lines, "points = 0.75");
        var students = LineOf(lines, "students = ");

        var (code, stdout, _) = Check(path, "2026-09-01T00:00Z");

        code.Should().Be(ExitCodes.UsageError);
        var messages = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => Regex.IsMatch(l, "^" + Regex.Escape(path) + @":\d+:\d+: ")).ToList();
        messages.Should().HaveCount(5, stdout);
        messages.Should().Contain($"{path}:{total}:1: the tasks of sheet 004 that are not bonus add up to 14 points, not its total 15.");
        messages.Should().Contain(m => m.StartsWith($"{path}:{deadline}:1: the deadline of sheet 004", StringComparison.Ordinal));
        messages.Should().Contain(m => m.StartsWith($"{path}:{unknown}:1: unknown task id \"004/3.4/negative-elbow\"", StringComparison.Ordinal)
            && m.Contains("\"004/3.4/negative-elbo\"", StringComparison.Ordinal), "the nearest bound ids are named");
        messages.Should().Contain(m => m.StartsWith($"{path}:{level}:1: a level of manual item chequerboard-architecture", StringComparison.Ordinal));
        messages.Should().Contain($"{path}:{students}:{lines[students - 1].IndexOf("\"Ada\"", StringComparison.Ordinal) + 1}: the student \"Ada\" is listed twice (names that differ only in case or Unicode composition are one student).");
        stdout.Should().EndWith($"{path}: 5 problem(s).\n");
    }

    [Test]
    public void A_syntax_error_is_one_located_message()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.toml");
        File.WriteAllText(path, File.ReadAllText(Dtu).Replace("total = 14\n", "total = \n", StringComparison.Ordinal));
        var line = Array.FindIndex(File.ReadAllLines(path), l => l == "total = ") + 1;

        var (code, stdout, _) = Check(path, null);

        code.Should().Be(ExitCodes.UsageError);
        stdout.Should().StartWith($"{path}:{line}:").And.Contain("not valid TOML");
    }

    [Test]
    public void A_missing_file_is_one_message_and_no_trace()
    {
        var (code, stdout, stderr) = Check("/nonexistent/course.toml", null);
        code.Should().Be(ExitCodes.UsageError);
        stdout.Should().BeEmpty();
        stderr.Should().Be("grader course check: /nonexistent/course.toml: the course file does not exist.\n");
    }

    public static IEnumerable<string> ShippedFiles() => Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "courses"), "*.toml").Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(ShippedFiles))]
    public void Every_shipped_course_file_passes(string file)
    {
        var (code, stdout, _) = Check(file, null);
        stdout.Should().EndWith("is valid: 1 sheet(s), " + CourseCatalog.ShippedCourses.Single(c => file.EndsWith(c.File, StringComparison.Ordinal)).Tasks.Count + " tasks, "
            + CourseCatalog.ShippedCourses.Single(c => file.EndsWith(c.File, StringComparison.Ordinal)).Tasks.Sum(t => t.Manual.Count) + " manual items.\n");
        code.Should().Be(ExitCodes.Done);
    }

    /// <summary>
    /// Found following the deploy guide: a new course with its [semester] filled in but the sheet's deadline left
    /// commented was "valid" to the check, and `grader serve tutor add` then refused it. The check now says so at the
    /// sheet, as a warning (grading alone needs no deadline), and names what will refuse it.
    /// </summary>
    [Test]
    public void A_semester_sheet_without_a_deadline_is_warned_at_the_sheet()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "new.toml");
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
        {
            GraderCommand.InvokeAsync(["course", "new", "--out", path, "--sheet", "000"], new InvocationConfiguration { Output = stdout, Error = stderr })
                .GetAwaiter().GetResult().Should().Be(ExitCodes.Done, stderr.ToString());
        }

        File.AppendAllText(path, "\n[semester]\nstudents = [\"ada\", \"grace\"]\nadmission = 0.5\n");
        var (code, output, _) = Check(path, null);
        code.Should().Be(ExitCodes.Done, "a course without deadlines still grades");
        var sheetLine = File.ReadAllLines(path).Select((l, i) => (l, i)).First(p => p.l == "id = \"000\"").i + 1; // the sheet's table, where its id is
        output.Should().Contain($"{path}:{sheetLine}:1: warning: sheet 000 has no deadline: `grader grade` needs none, but `grader semester` and `grader serve` refuse the course");

        File.WriteAllText(path, File.ReadAllText(path).Replace("# deadline = 2026-11-05T12:00:00+01:00", "deadline = 2099-11-05T12:00:00+01:00", StringComparison.Ordinal));
        Check(path, null).Stdout.Should().NotContain("no deadline", "the sheet has one now");
    }

    /// <summary>
    /// Found by an engineer of stop 90: a [[sheet]] written after [semester] is valid TOML, but the reader's model then
    /// lost every sheet above it and the check said nothing (a tutor appending a sheet at the end of their file). Now a
    /// located problem at that sheet; the control, the same file with [semester] last, passes with both sheets.
    /// </summary>
    [Test]
    public void A_sheet_after_the_semester_is_a_located_problem_not_a_lost_sheet()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "new.toml");
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
        {
            GraderCommand.InvokeAsync(["course", "new", "--out", path, "--sheet", "000", "--sheet", "002"], new InvocationConfiguration { Output = stdout, Error = stderr })
                .GetAwaiter().GetResult().Should().Be(ExitCodes.Done, stderr.ToString());
        }

        var text = File.ReadAllText(path);
        var second = text.IndexOf("[[sheet]]", text.IndexOf("[[sheet]]", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        second.Should().BePositive("the new file has two sheets");
        const string Semester = "[semester]\nstudents = [\"ada\", \"grace\"]\n\n";
        File.WriteAllText(path, text[..second] + Semester + text[second..]);
        var semesterLine = File.ReadAllLines(path).ToList().IndexOf("[semester]") + 1;
        var sheetLine = semesterLine + 3;
        File.ReadAllLines(path)[sheetLine - 1].Should().Be("[[sheet]]");

        var (code, output, _) = Check(path, null);
        code.Should().Be(ExitCodes.UsageError, output);
        output.Should().Contain($"{path}:{sheetLine}:1: this [[sheet]] comes after [semester] (line {semesterLine}): write every [[sheet]] with its tasks before [semester]");

        File.WriteAllText(path, text + "\n" + Semester);
        var (fixedCode, fixedOutput, _) = Check(path, null);
        fixedCode.Should().Be(ExitCodes.Done, fixedOutput);
        fixedOutput.Should().Contain("2 sheet(s)");
    }

    [TestCase]
    [TestCase("004")]
    [TestCase("000", "002")]
    public void A_new_course_file_passes_the_check_and_has_the_sheets_tasks(params string[] sheets)
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "new.toml");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = GraderCommand.InvokeAsync(["course", "new", "--out", path, .. sheets.SelectMany(s => new[] { "--sheet", s })],
            new InvocationConfiguration { Output = stdout, Error = stderr }).GetAwaiter().GetResult();
        code.Should().Be(ExitCodes.Done, stderr.ToString());

        var (checkCode, checkOut, _) = Check(path, null);
        checkOut.Should().Contain("is valid");
        checkCode.Should().Be(ExitCodes.Done);
        var written = CourseToml.Read(File.ReadAllText(path), path, CourseCatalog.Default.Packs);
        var expected = sheets.Length == 0 ? CourseCatalog.Default.Sheets.Select(s => s.Id).ToArray() : sheets;
        written.Sheets.Select(s => s.Id).Should().Equal(expected);
        written.Tasks.Select(t => (t.Id, t.Points, t.AutoPoints)).Should().Equal(expected.SelectMany(CourseCatalog.Default.TasksOf).Select(t => (t.Id, t.Points, t.AutoPoints)));
        written.Tasks.SelectMany(t => t.Manual).Should().OnlyContain(m => m.Levels.Count >= 2 && m.Rubric != null, "the tutor starts from the rubrics");
        File.ReadAllText(path).Should().Contain("# [semester]", "the semester part is there to fill in, commented");
    }

    [Test]
    public void New_refuses_an_unknown_sheet_and_an_existing_file()
    {
        using var scratch = new Scratch();
        var existing = Path.Combine(scratch.Root, "course.toml");
        File.WriteAllText(existing, "kept");
        foreach (var (args, message) in new[]
        {
            (new[] { "course", "new", "--sheet", "009" }, "grader course new: There is no sheet \"009\""),
            (new[] { "course", "new", "--out", existing }, $"grader course new: '{existing}' exists"),
        })
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            GraderCommand.InvokeAsync(args, new InvocationConfiguration { Output = stdout, Error = stderr }).GetAwaiter().GetResult().Should().Be(ExitCodes.UsageError);
            stderr.ToString().Should().StartWith(message);
        }

        File.ReadAllText(existing).Should().Be("kept");
    }

    private static int LineOf(string[] lines, string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private static (int Code, string Stdout, string Stderr) Check(string path, string? now)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CourseCommand.RunCheck(path, now, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
