using Grader.Checks.Courses;
using Grader.Grading.Courses;

namespace Grader.Grading.Tests.Courses;

/// <summary>
/// Issue 80 (stop 90): a run pins the part of its course file that decides its points (<see cref="CatalogFingerprint"/>:
/// the course's fields and the graded sheet with its tasks, items and levels), not the file's bytes. Heidelberg 2023's
/// sheet 000 with a deadline and a semester of two groups: a regroup, a new deadline, a comment, blank lines, key order
/// and 2 written as 2.0 keep the pin, and <see cref="RunCourse.FileOf"/> takes the edited file with its new groups; an
/// item's points moved, or a rubric text reworded, is refused naming the item's section; a run.json older than the pin
/// (only the file's SHA-256) keeps the old rule, and is written and read as before. Nothing is graded: a run's record is
/// made by hand, as <c>grade</c> makes it from <see cref="CourseOfFile"/>.
/// </summary>
public sealed class RunCoursePinTests
{
    private const string Semester = "\n[semester]\nstudents = [\"ada\", \"bob\", \"cy\", \"dan\"]\nadmission = 0.5\n"
        + "\n[[semester.group]]\nid = \"g1\"\nmembers = [\"ada\", \"bob\"]\n\n[[semester.group]]\nid = \"g2\"\nmembers = [\"cy\", \"dan\"]\n";

    /// <summary>The item whose points the catalog edit moves, and its task.</summary>
    private const string Item = "[[sheet.task.manual]] noise-scatter of task 000/1a/train-and-sample";

    private static string Course() =>
        EditedCourse.Shipped("heidelberg-ml4physics-2023.toml").Replace("\ntotal = 21\n", "\ntotal = 21\ndeadline = 2099-11-13T12:00:00+01:00\n", StringComparison.Ordinal) + Semester;

    /// <summary>Half a point of 1 (a) moved from its checks to its noise-scatter item (a course check passes it): a catalog edit.</summary>
    private static string PointsMoved(string text)
    {
        const string Before = "points = 2\nauto = 1\n\n[[sheet.task.manual]]\nid = \"noise-scatter\"\npoints = 0.5\n[[sheet.task.manual.level]]\npoints = 0.5\n";
        text.Should().Contain(Before);
        return text.Replace(Before, "points = 2\nauto = 0.5\n\n[[sheet.task.manual]]\nid = \"noise-scatter\"\npoints = 1\n[[sheet.task.manual.level]]\npoints = 1\n", StringComparison.Ordinal);
    }

    private static RunInfo Graded(string path, bool pinned = true)
    {
        var file = CourseOfFile.Load(path, TutorCatalog.Default);
        return new RunInfo("000", 1, false, [], null, 1, "test", DateTimeOffset.UnixEpoch, TimeSpan.Zero, "test")
        {
            Course = file.Path,
            CourseSha256 = file.Sha256,
            CourseCatalog = pinned ? file.Pins["000"] : null,
        };
    }

    private static CourseOfFile? FileOf(RunInfo info, string? given = null) =>
        RunCourse.FileOf(info, "run000", given, m => new InvalidOperationException(m), TutorCatalog.Default);

    [Test]
    public void The_semester_part_comments_and_layout_keep_the_pin_and_the_edited_file_is_taken_with_its_groups()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.toml");
        var text = Course();
        File.WriteAllText(path, text);
        var info = Graded(path);
        var pin = info.CourseCatalog!;
        string CopyOf(string content)
        {
            var other = Path.Combine(scratch.Root, "other.toml");
            File.WriteAllText(other, content);
            return other;
        }

        pin.Sections.Select(s => s.Section).Should().Contain(["[[sheet]] 000", "[[sheet.task]] 000/1a/train-and-sample", Item]);

        var edited = text
            .Replace("members = [\"ada\", \"bob\"]", "members = [\"ada\", \"cy\"]", StringComparison.Ordinal)
            .Replace("members = [\"cy\", \"dan\"]", "members = [\"bob\", \"dan\"]", StringComparison.Ordinal)
            .Replace("deadline = 2099-11-13T12:00:00+01:00", "deadline = 2099-11-20T12:00:00+01:00", StringComparison.Ordinal)
            .Replace("points = 2\nauto = 1\n", "\n# a comment the tutor added\nauto = 1   # and one beside a key\npoints = 2.0\n\n\n", StringComparison.Ordinal);
        edited.Should().NotBe(text);
        CatalogFingerprint.Of(edited, "000").Should().BeEquivalentTo(pin, "the regroup, the deadline, comments, blank lines, key order and 2.0 for 2 are not the catalog's");
        var broken = text.Replace("text = \"Missing or wrong.\"", "text = \"\"\"\nMissing\nor wrong.\"\"\"", StringComparison.Ordinal);
        CatalogFingerprint.Of(broken.ReplaceLineEndings("\r\n"), "000").Should().BeEquivalentTo(CatalogFingerprint.Of(broken, "000"), "nor are the file's line endings, in a multi-line text too");
        File.WriteAllText(path, edited);

        var file = FileOf(info);

        file.Should().NotBeNull();
        file!.Semester!.Groups.Single(g => g.Id == "g1").Members.Should().Equal(["ada", "cy"], "the run is rebuilt with the file as it is now: its semester is read live");
        file.Sha256.Should().NotBe(info.CourseSha256, "the file's bytes changed; the run is still its");

        // A broken regroup (a stranger in g1; grader serve keeps the course read before): the run reads the catalog read before.
        File.WriteAllText(path, edited.Replace("members = [\"ada\", \"cy\"]", "members = [\"ada\", \"zed\"]", StringComparison.Ordinal));
        FileOf(info).Should().BeSameAs(file, "its catalog is the run's; the file's problem is in its semester part");
        var fresh = Graded(CopyOf(text));
        File.WriteAllText(fresh.Course!, File.ReadAllText(path));
        var never = () => FileOf(fresh);
        never.Should().Throw<InvalidOperationException>().WithMessage("*which this grader no longer reads*is not one of the course's students*", "a file never read with the pin is refused with its problems");

        // Another sheet added to the course later decides none of sheet 000's points.
        var more = edited.Replace("\n[semester]\n", "\n[[sheet]]\nid = \"001\"\ntitle = \"The next sheet\"\ntotal = 1\n\n[semester]\n", StringComparison.Ordinal);
        more.Should().NotBe(edited);
        CatalogFingerprint.Of(more, "000")!.ChangesSince(pin).Should().BeEmpty("sheet 001 decides none of sheet 000's points");
        CatalogFingerprint.Of(more, "001")!.Sha256.Should().NotBe(pin.Sha256);
    }

    [Test]
    public void An_items_points_moved_or_its_rubric_reworded_is_refused_naming_the_items_section_and_the_graded_copy_stands_in()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.toml");
        var copy = Path.Combine(scratch.Root, "graded-with.toml");
        var text = Course();
        File.WriteAllText(path, text);
        File.WriteAllText(copy, text);
        var info = Graded(path);
        File.WriteAllText(path, PointsMoved(text));
        CourseOfFile.Load(path, TutorCatalog.Default).Catalog.TasksOf("000").Single(t => t.Id == "000/1a/train-and-sample").AutoPoints.Should().Be(0.5, "the edit is a good course");

        var refused = () => FileOf(info);

        var message = refused.Should().Throw<InvalidOperationException>().Which.Message;
        message.Should().Contain($"'run000' was graded with the course file {path}, whose catalog part for sheet 000 has been edited since: ")
            .And.Contain($"{Item} was edited").And.Contain("[[sheet.task]] 000/1a/train-and-sample was edited")
            .And.Contain("the semester part ([semester]").And.NotContain("gone");
        message.Should().NotContain("[[sheet]] 000 was edited", "the sheet's own fields are as graded").And.NotContain("trajectory-frames", "so is the task's other item");
        FileOf(info, given: copy)!.Path.Should().Be(copy, "a copy of the file as graded, given with --course, stands in");

        File.WriteAllText(path, text.Replace("text = \"Missing or wrong.\"", "text = \"Nothing.\"", StringComparison.Ordinal));
        var reworded = () => FileOf(info);
        reworded.Should().Throw<InvalidOperationException>().WithMessage($"*{Item} was edited*", "the rubric's texts are the catalog's");
    }

    [Test]
    public void A_run_json_older_than_the_pin_keeps_the_bytes_rule_and_is_written_and_read_as_before()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "course.toml");
        var text = Course();
        File.WriteAllText(path, text);
        var old = Graded(path, pinned: false);
        var run = Path.Combine(scratch.Root, "run");
        Directory.CreateDirectory(run);
        new RunFile(old, [], [], []).Save(run);
        File.ReadAllText(Path.Combine(run, RunFile.FileName)).Should().NotContain("courseCatalog", "a run without a pin writes run.json as before");
        RunFile.Load(run)!.Run.CourseCatalog.Should().BeNull();
        FileOf(RunFile.Load(run)!.Run).Should().NotBeNull("the file's bytes are the run's");

        File.WriteAllText(path, text.Replace("members = [\"ada\", \"bob\"]", "members = [\"ada\", \"cy\"]", StringComparison.Ordinal)
            .Replace("members = [\"cy\", \"dan\"]", "members = [\"bob\", \"dan\"]", StringComparison.Ordinal));
        var refused = () => FileOf(old);
        refused.Should().Throw<InvalidOperationException>().WithMessage("*which is gone or has been edited since*", "an old run knows only the bytes: a regroup is refused as before");

        // A pinned run's run.json keeps its pin.
        var pinned = Graded(path);
        new RunFile(pinned, [], [], []).Save(run);
        RunFile.Load(run)!.Run.CourseCatalog.Should().BeEquivalentTo(pinned.CourseCatalog);
    }
}
