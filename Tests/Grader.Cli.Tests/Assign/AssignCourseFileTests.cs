using Grader.Checks.Courses;
using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// <c>grader assign --course FILE --sheet S</c>: the repository receives the tutor's file cut to that sheet — its points,
/// not the shipped ones; no other sheet, no <c>[semester]</c> (students), no rubric text — and a broken file is refused with
/// <c>course check</c>'s located messages.
/// </summary>
[NonParallelizable]
public sealed class AssignCourseFileTests
{
    private const string Sheet = "002";

    [Test]
    public void The_repository_receives_the_tutors_sheet_with_its_points_and_nothing_else_of_the_file()
    {
        using var scratch = new Scratch();
        var shipped = CourseCatalog.ShippedCourses.Single(c => c.Sheets.Any(s => s.Id == Sheet));
        var text = Reweighted(CourseCatalog.ShippedCourseText(shipped.File))
            + "\n[semester]\nstudents = [\"ada-lovelace\", \"grace-hopper\"]\nlate = { grace-days = 1, penalty-per-day = 0.5 }\n";
        var course = Path.Combine(scratch.Root, "next-semester.toml");
        File.WriteAllText(course, text);
        var tutors = CourseToml.Read(text, course, CourseCatalog.Default.Packs);
        tutors.Problems.Should().BeEmpty();

        var target = Path.Combine(scratch.Root, "repo");
        var (exit, output, error) = Invoke("assign", "--course", course, "--sheet", Sheet, "--out", target, "--from", RepositoryRoot.Path);
        exit.Should().Be(ExitCodes.Done, error);
        output.Should().Contain("Wrote the student repository of sheet 002");

        Directory.EnumerateFiles(Path.Combine(target, "Graders"), "*.cs", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Should().NotContain(["CourseSemester.cs", "CourseGroup.cs", "CourseTutorial.cs", "CourseExtension.cs", "CourseGroupRules.cs", "CourseSemesterReader.cs"],
                "the semester model (students, groups, tutorials, extensions) is the tutor's: it lives in Graders/Grading/Courses, not in the shipped Grader.Checks");
        var files = Directory.EnumerateFiles(Path.Combine(target, StudentCourseFile.Folder)).Select(Path.GetFileName).ToList();
        files.Should().Equal("next-semester.toml");
        var received = File.ReadAllText(Path.Combine(target, StudentCourseFile.Folder, "next-semester.toml"));
        var student = CourseToml.Read(received, "next-semester.toml", CourseCatalog.Default.Packs, requireRubricTexts: false);
        student.Problems.Should().BeEmpty();
        received.Should().NotContain("ada-lovelace").And.NotContain("[semester]");
        student.Sheets.Should().ContainSingle().Which.Total.Should().Be(29, "the tutor's re-weighted total, not the shipped 28");
        student.Tasks.Select(t => (t.Id, t.Points, t.AutoPoints)).Should().Equal(tutors.Tasks.Select(t => (t.Id, t.Points, t.AutoPoints)));
        student.Tasks.Single(t => t.Id == "002/p1a/rank-one-sigmoid-flow").AutoPoints.Should().Be(2);
        student.Tasks.SelectMany(t => t.Manual).Should().OnlyContain(m => m.Levels.All(l => l.Text.Length == 0));
        tutors.Tasks.SelectMany(t => t.Manual).SelectMany(m => m.Levels).Select(l => l.Text).Where(t => t.Length > 20)
            .Where(t => received.Contains(t, StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Test]
    public void A_group_course_gets_a_members_skeleton_and_no_groups()
    {
        using var scratch = new Scratch();
        var shipped = CourseCatalog.ShippedCourses.Single(c => c.Sheets.Any(s => s.Id == Sheet));
        var text = CourseCatalog.ShippedCourseText(shipped.File)
            + "\n[[sheet.group]]\nid = \"g7\"\nmembers = [\"ada-lovelace\"]\n\n[semester]\nstudents = [\"ada-lovelace\", \"grace-hopper\"]\n\n[[semester.group]]\nid = \"g1\"\nmembers = [\"ada-lovelace\", \"grace-hopper\"]\n";
        var course = Path.Combine(scratch.Root, "groups.toml");
        File.WriteAllText(course, text);
        CourseToml.Read(text, course, CourseCatalog.Default.Packs).Problems.Should().BeEmpty();

        var target = Path.Combine(scratch.Root, "repo");
        var (exit, _, error) = Invoke("assign", "--course", course, "--sheet", Sheet, "--out", target, "--from", RepositoryRoot.Path);

        exit.Should().Be(ExitCodes.Done, error);
        File.ReadAllText(Path.Combine(target, Grader.Grading.Groups.MembersFile.FileName)).Should().Be(Grader.Grading.Groups.MembersFile.Skeleton);
        Grader.Grading.Groups.MembersFile.Parse(Grader.Grading.Groups.MembersFile.Skeleton).Names.Should().BeEmpty("the skeleton is comments only");

        // One members.txt format (issue 80): the README says it and shows lines the parser reads as the names they give;
        // the skeleton's own example is read the same.
        var readme = File.ReadAllText(Path.Combine(target, "README.md"));
        readme.Should().Contain("## Handing in as a group").And.Contain(Grader.Grading.Groups.MembersFile.Format);
        var block = Regex.Match(readme, "## Handing in as a group[\\s\\S]*?```\n([^`]*)```").Groups[1].Value;
        Grader.Grading.Groups.MembersFile.Parse(block).Names.Should().Equal(["Ada Lovelace", "Charles Babbage"], "the README's example is what the parser reads");
        var example = Regex.Match(Grader.Grading.Groups.MembersFile.Skeleton, "e\\.g\\. \"([^\"]+)\"").Groups[1].Value;
        example.Should().Be("Ada Lovelace, mon");
        Grader.Grading.Groups.MembersFile.Parse(example).Names.Should().Equal(["Ada Lovelace"], "the skeleton's example line names one member");
        var received = File.ReadAllText(Path.Combine(target, StudentCourseFile.Folder, "groups.toml"));
        received.Should().NotContain("ada-lovelace", "the groups and students are the tutor's").And.NotContain("g7");
    }

    [Test]
    public void The_cut_keeps_only_the_named_sheet_of_a_file_with_two()
    {
        var text = """
            id = "c"
            [[sheet]]
            id = "001"
            total = 1
            [[sheet.task]]
            id = "001/a"
            [[sheet]]
            id = "002"
            total = 2
            [[sheet.task]]
            id = "002/b"
            [[sheet.task.manual.level]]
            points = 1
            text = "secret rubric"
            [semester]
            students = ["ada"]
            [semester.x]
            y = 1
            """;
        var cut = CourseToml.ForStudents(text, "c.toml", "002");
        cut.Should().Contain("id = \"002\"").And.Contain("002/b").And.Contain("points = 1");
        cut.Should().NotContain("001").And.NotContain("secret rubric").And.NotContain("semester").And.NotContain("ada");
        var missing = () => CourseToml.ForStudents(text, "c.toml", "003");
        missing.Should().Throw<InvalidOperationException>().WithMessage("*sheet 003*");
        var inline = () => CourseToml.ForStudents("id = \"c\"\nsemester = { students = [\"ada\"] }\n[[sheet]]\nid = \"002\"\n", "c.toml", "002");
        inline.Should().Throw<InvalidOperationException>("a semester written inline is not cut, so the cut is refused");
    }

    [Test]
    public void A_broken_course_file_is_refused_with_its_located_messages_and_nothing_is_written()
    {
        using var scratch = new Scratch();
        var shipped = CourseCatalog.ShippedCourses.Single(c => c.Sheets.Any(s => s.Id == Sheet));
        var text = CourseCatalog.ShippedCourseText(shipped.File)
            .Replace("id = \"002/p1a/rank-one-sigmoid-flow\"", "id = \"002/p1a/rank-one-sigmoid-flwo\"", StringComparison.Ordinal)
            .Replace("total = 28", "total = 27", StringComparison.Ordinal);
        var course = Path.Combine(scratch.Root, "broken.toml");
        File.WriteAllText(course, text);
        var target = Path.Combine(scratch.Root, "repo");

        var (exit, output, error) = Invoke("assign", "--course", course, "--sheet", Sheet, "--out", target, "--from", RepositoryRoot.Path);

        exit.Should().Be(ExitCodes.UsageError);
        output.Should().BeEmpty();
        error.Should().MatchRegex($@"{Regex.Escape(course)}:\d+:\d+: .*002/p1a/rank-one-sigmoid-flwo").And.Contain("rank-one-sigmoid-flow", "the nearest id is named");
        error.Should().MatchRegex($@"{Regex.Escape(course)}:\d+:\d+: .*27");
        error.Should().NotContain("   at ", "no stack trace");
        Directory.Exists(target).Should().BeFalse();
    }

    /// <summary>The shipped file with P1 (a) re-weighted: 3 points, 2 of them automatic, and the total 29.</summary>
    internal static string Reweighted(string text)
    {
        var task = text.IndexOf("id = \"002/p1a/rank-one-sigmoid-flow\"", StringComparison.Ordinal);
        var weights = text.IndexOf("points = 2\nauto = 1\n", task, StringComparison.Ordinal);
        weights.Should().BePositive("the shipped file states P1 (a)'s weights so");
        text = text[..weights] + "points = 3\nauto = 2\n" + text[(weights + "points = 2\nauto = 1\n".Length)..];
        text.Should().Contain("total = 28\n");
        return text.Replace("total = 28\n", "total = 29\n", StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Invoke(params string[] args) => AssignCommandTests.Invoke(args);
}
