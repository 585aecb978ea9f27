using Grader.Grading.Courses;
using Grader.Grading.Pipeline;

namespace Grader.Cli.Tests.Courses;

/// <summary>
/// <c>grader merge</c> of shards graded with a course file (<c>grade --course</c>; a fake worker, nothing compiled): the
/// joined gradebook has the course's points; the file gone or edited since is refused in one message, a copy with the
/// same SHA-256 given with <c>--course</c> is accepted, and shards graded with different course files are refused
/// (shards graded as runs older than the catalog's pin, checked by the file's bytes); shards that pin the catalog merge
/// across an edit outside it and refuse an edit of an item's rubric, naming the item.
/// </summary>
public sealed class MergeWithCourseTests
{
    private static readonly string[] Students = ["ada", "alan", "barbara", "claude", "edsger", "grace"];

    /// <summary>
    /// Grades the scratch's hand-ins as shard <paramref name="k"/>/2 of sheet 004 with the course file <paramref name="course"/> into <paramref name="output"/>;
    /// <paramref name="pinned"/> as <c>grade</c> writes run.json now (the catalog's fingerprint), else as a run older than it (only the file's SHA-256).
    /// </summary>
    private static async Task Shard(Scratch scratch, string course, int k, string output, bool pinned = false)
    {
        var file = CourseOfFile.Load(course, CommonOptions.Catalog);
        var settings = TestSettings.For("004", catalog: file.Catalog);
        settings = settings with { Config = settings.Config with { CourseFile = file.Path, CourseSha256 = file.Sha256, CoursePin = pinned ? file.Pins["004"] : null } };
        var run = new GradeRun([scratch.Handins], Path.Combine(scratch.Root, output), 2, new Shard(k, 2), Force: false, ManualGrades.Empty, settings);
        await new GradingPipeline(new FakeWorker(), GradingOutputs.Default).RunAsync(run, new RecordingProgress(), DiscoveryLimits.Default, CancellationToken.None);
    }

    private static Scratch Cohort()
    {
        var scratch = new Scratch();
        foreach (var student in Students)
        {
            scratch.Handin(student);
        }

        return scratch;
    }

    [Test]
    public async Task The_merged_gradebook_has_the_courses_points_and_a_course_gone_or_edited_is_refused_unless_a_copy_with_its_hash_is_given()
    {
        using var scratch = Cohort();
        var course = Path.Combine(scratch.Root, "dtu.toml");
        var text = GradeWithCourseTests.Edited();
        File.WriteAllText(course, text);
        await Shard(scratch, course, 1, "s1");
        await Shard(scratch, course, 2, "s2");
        string[] shards = [Path.Combine(scratch.Root, "s1"), Path.Combine(scratch.Root, "s2")];

        var merged = await Grader(["merge", .. shards, "--out", Path.Combine(scratch.Root, "m1")]);

        merged.Code.Should().Be(ExitCodes.Done, merged.Error);
        var gradebook = File.ReadAllText(Path.Combine(scratch.Root, "m1", "gradebook.csv"));
        var header = gradebook.Split('\n')[0].Split(',');
        header.Should().Contain("004/3.4/sample manual").And.NotContain(h => h.StartsWith("004/3.3/kl-term", StringComparison.Ordinal), "the course dropped 3.3");
        var rows = gradebook.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')).ToArray();
        rows.Select(r => r[0]).Should().BeEquivalentTo(Students);
        rows.Should().OnlyContain(r => r[Array.IndexOf(header, "max")] == "14", "the course's maximum (the shipped sheet's is 14 too, with other tasks)");

        // Edited since: refused in one message, nothing written; a copy with the graded hash stands in.
        var copy = Path.Combine(scratch.Root, "graded-with.toml");
        File.Copy(course, copy);
        File.WriteAllText(course, text.Replace("text = \"Missing or wrong.\"", "text = \"Nothing.\"", StringComparison.Ordinal));
        var edited = await Grader(["merge", .. shards, "--out", Path.Combine(scratch.Root, "m2")]);
        edited.Code.Should().Be(ExitCodes.UsageError);
        edited.Error.Should().StartWith("grader merge: ").And.Contain($"graded with the course file {Path.GetFullPath(course)}").And.Contain("gone or has been edited since").And.NotContain("   at ");
        edited.Error.Trim().Split('\n').Should().ContainSingle();
        Directory.Exists(Path.Combine(scratch.Root, "m2")).Should().BeFalse("nothing is merged with a course that is not the graded one");
        var editedGiven = await Grader(["merge", .. shards, "--out", Path.Combine(scratch.Root, "m2"), "--course", course]);
        editedGiven.Code.Should().Be(ExitCodes.UsageError, "the edited file given by name is no stand-in either");

        var withCopy = await Grader(["merge", .. shards, "--out", Path.Combine(scratch.Root, "m3"), "--course", copy]);
        withCopy.Code.Should().Be(ExitCodes.Done, withCopy.Error);
        File.ReadAllText(Path.Combine(scratch.Root, "m3", "gradebook.csv")).Should().Be(gradebook);

        // Gone: refused the same way; the copy again stands in.
        File.Delete(course);
        var gone = await Grader(["merge", .. shards, "--out", Path.Combine(scratch.Root, "m4")]);
        gone.Code.Should().Be(ExitCodes.UsageError);
        gone.Error.Should().Contain("gone or has been edited since").And.NotContain("   at ");
        (await Grader(["merge", .. shards, "--out", Path.Combine(scratch.Root, "m4"), "--course", copy])).Code.Should().Be(ExitCodes.Done);
    }

    [Test]
    public async Task Shards_graded_with_different_course_files_are_refused()
    {
        using var scratch = Cohort();
        var first = Path.Combine(scratch.Root, "dtu.toml");
        var second = Path.Combine(scratch.Root, "dtu-reworded.toml");
        File.WriteAllText(first, GradeWithCourseTests.Edited());
        File.WriteAllText(second, GradeWithCourseTests.Edited().Replace("text = \"Missing or wrong.\"", "text = \"Nothing.\"", StringComparison.Ordinal));
        await Shard(scratch, first, 1, "s1");
        await Shard(scratch, second, 2, "s2");

        var (code, _, error) = await Grader(["merge", Path.Combine(scratch.Root, "s1"), Path.Combine(scratch.Root, "s2"), "--out", Path.Combine(scratch.Root, "m")]);

        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("was graded with other settings").And.Contain(Path.GetFullPath(second)).And.Contain(Path.GetFullPath(first)).And.NotContain("   at ");
        error.Trim().Split('\n').Should().ContainSingle();
        Directory.Exists(Path.Combine(scratch.Root, "m")).Should().BeFalse();
    }

    [Test]
    public async Task Shards_that_pin_the_catalog_merge_across_an_edit_outside_it_and_an_edit_of_an_items_rubric_is_refused_naming_it()
    {
        using var scratch = Cohort();
        var course = Path.Combine(scratch.Root, "dtu.toml");
        var text = GradeWithCourseTests.Edited();
        File.WriteAllText(course, text);
        await Shard(scratch, course, 1, "s1", pinned: true);
        File.WriteAllText(course, "# shard 2 was graded after this comment was added\n" + text);
        await Shard(scratch, course, 2, "s2", pinned: true);
        string[] shards = [Path.Combine(scratch.Root, "s1"), Path.Combine(scratch.Root, "s2")];

        var merged = await Grader(["merge", .. shards, "--out", Path.Combine(scratch.Root, "m1")]);

        merged.Code.Should().Be(ExitCodes.Done, merged.Error + " — the two files differ in a comment only: one catalog");
        File.WriteAllText(course, text.Replace("text = \"Missing or wrong.\"", "text = \"Nothing.\"", StringComparison.Ordinal));
        var edited = await Grader(["merge", .. shards, "--out", Path.Combine(scratch.Root, "m2")]);
        edited.Code.Should().Be(ExitCodes.UsageError);
        edited.Error.Should().StartWith("grader merge: ").And.Contain($"graded with the course file {Path.GetFullPath(course)}, whose catalog part for sheet 004 has been edited since: ")
            .And.Contain("[[sheet.task.manual]] explain-noise of task 004/3.4/sample was edited").And.NotContain("   at ");
        Directory.Exists(Path.Combine(scratch.Root, "m2")).Should().BeFalse();
    }

    private static Task<(int Code, string Out, string Error)> Grader(string[] args) => GraderInProcess.RunAsync(args);
}
