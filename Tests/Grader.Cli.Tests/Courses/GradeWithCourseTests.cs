using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Grader.Grading.Courses;

namespace Grader.Cli.Tests.Courses;

/// <summary>
/// <c>grader grade --course FILE</c> grades with a tutor's course file: a copy of the DTU course with a task dropped, one
/// re-weighted and a manual item of three levels added gives the gradebook's columns and maximum, and <c>run.json</c>
/// names the file, its SHA-256 and the graded sheet's catalog fingerprint; a broken file is refused with its located messages before anything is graded.
/// </summary>
[NonParallelizable]
public sealed class GradeWithCourseTests
{
    private static readonly string Snapshots = Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots");

    /// <summary>DTU week 3 with 3.3 dropped (2 points), 3.4 sample re-weighted to 4 (3 auto) with an item of three levels: the total stays 14.</summary>
    internal static string Edited() =>
        EditedCourse.RemoveTask(EditedCourse.Shipped("dtu-02460-2024.toml"), "004/3.3/kl-term")
            .Replace("id = \"004/3.4/sample\"\nexercise = \"3.4\"\ntitle = \"DDPM.sample(shape): Algorithm 2 of Ho et al. with σ_t² = β_t\"\npoints = 2\nauto = 2\n",
                "id = \"004/3.4/sample\"\nexercise = \"3.4\"\ntitle = \"DDPM.sample(shape): Algorithm 2 of Ho et al. with σ_t² = β_t\"\npoints = 4\nauto = 3\n", StringComparison.Ordinal)
            .Replace("\n# checks: IDtuTrainingParts", "\n" + EditedCourse.ManualItem("explain-noise", 1,
                (1, "Why the sampler adds σ_t z at every step but the last."),
                (0.5, "The noise named, not why the last step has none."),
                (0, "Missing or wrong.")) + "\n# checks: IDtuTrainingParts", StringComparison.Ordinal);

    [Test]
    public async Task The_gradebook_and_run_json_follow_the_course_file()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var course = Path.Combine(scratch.Root, "dtu.toml");
        File.WriteAllText(course, Edited());
        var output = Path.Combine(scratch.Root, "out");
        using (var checkOut = new StringWriter())
        {
            CourseCommand.RunCheck(course, "2026-01-01T00:00Z", checkOut, TextWriter.Null).Should().Be(ExitCodes.Done, checkOut.ToString());
        }

        var (code, text, error) = await Grader("grade", scratch.Handins, "--out", output, "--sheet", "004", "--course", course, "--snapshots", Snapshots, "--plain");

        code.Should().Be(ExitCodes.Done, text + error);
        var header = File.ReadLines(Path.Combine(output, "gradebook.csv")).First();
        header.Should().Contain("004/3.4/sample manual").And.NotContain("004/3.3/kl-term");
        var row = File.ReadLines(Path.Combine(output, "gradebook.csv")).Skip(1).First().Split(',');
        row[Array.IndexOf(header.Split(','), "max")].Should().Be("14");
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, RunFile.FileName)));
        var info = run.RootElement.GetProperty("run");
        info.GetProperty("course").GetString().Should().Be(Path.GetFullPath(course));
        info.GetProperty("courseSha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(course))));
        info.GetProperty("courseCatalog").GetProperty("sha256").GetString().Should().Be(CourseOfFile.Load(course, CommonOptions.Catalog).Pins["004"].Sha256,
            "the run pins the graded sheet's catalog part (issue 80)");
    }

    [Test]
    public async Task Semester_record_rebuilds_the_run_with_the_course_it_was_graded_with_and_refuses_an_edited_one()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var course = Path.Combine(scratch.Root, "dtu.toml");
        var text = Edited().Replace("total = 14\n", "total = 14\ndeadline = 2026-11-05T12:00:00+01:00\n", StringComparison.Ordinal)
            + "\n[semester]\nstudents = [\"alice\"]\nadmission = 0.5\ngradebook = \"semester.db\"\nlate = { grace-days = 0, penalty-per-day = 0.25 }\n";
        File.WriteAllText(course, text);
        var output = Path.Combine(scratch.Root, "out");
        var graded = await Grader("grade", scratch.Handins, "--out", output, "--sheet", "004", "--course", course, "--snapshots", Snapshots, "--plain");
        graded.Code.Should().Be(ExitCodes.Done, graded.Out + graded.Error);

        // The semester part edited after grading, in the graded file itself (the late policy, a comment): the run pins
        // its catalog part, not the file's bytes, so it is recorded, and its files are written again from the semester's
        // grades with the re-weighted course, not the shipped one.
        var copy = Path.Combine(scratch.Root, "graded-with.toml");
        File.Copy(course, copy);
        File.WriteAllText(course, "# the late policy changed after grading\n" + text.Replace("penalty-per-day = 0.25", "penalty-per-day = 0.5", StringComparison.Ordinal));
        var (code, _, error) = await Grader("semester", "record", output, "--course", course);
        code.Should().Be(ExitCodes.Done, error);
        var header = File.ReadLines(Path.Combine(output, "gradebook.csv")).First();
        header.Should().Contain("004/3.4/sample manual").And.NotContain("004/3.3/kl-term", "the shipped course's dropped task is not back");
        var totals = await Grader("semester", "totals", "--course", course);
        totals.Code.Should().Be(ExitCodes.Done, totals.Error);

        // An edit of the catalog part (an item's rubric text): its points cannot be rebuilt; refused naming the item's section; a copy as graded can.
        File.WriteAllText(course, text.Replace("\"Why the sampler adds σ_t z at every step but the last.\"", "\"Why the sampler adds noise.\"", StringComparison.Ordinal));
        var edited = await Grader("semester", "totals", "--course", course);
        edited.Code.Should().Be(ExitCodes.UsageError);
        edited.Error.Should().Contain($"was graded with the course file {Path.GetFullPath(course)}, whose catalog part for sheet 004 has been edited since: [[sheet.task.manual]] explain-noise of task 004/3.4/sample was edited.")
            .And.NotContain("   at ");
        // semester export reads the run as totals does: refused with the same message, and read once the file is restored (issue 80).
        var csv = Path.Combine(scratch.Root, "export.csv");
        var exported = await Grader("semester", "export", "--course", course, "--out", csv);
        exported.Code.Should().Be(ExitCodes.UsageError);
        exported.Error.Should().Contain($"was graded with the course file {Path.GetFullPath(course)}, whose catalog part for sheet 004 has been edited since: [[sheet.task.manual]] explain-noise of task 004/3.4/sample was edited.")
            .And.NotContain("   at ");
        File.Exists(csv).Should().BeFalse("a refused export writes nothing");
        File.Copy(copy, course, overwrite: true);
        (await Grader("semester", "export", "--course", course, "--out", csv)).Code.Should().Be(ExitCodes.Done, "the file as graded is read again");
        File.ReadLines(csv).Should().Contain(l => l.StartsWith("alice,", StringComparison.Ordinal), "alice's row is exported");
        (await Grader("semester", "totals", "--course", copy)).Code.Should().Be(ExitCodes.Done, "the run's own file, restored, is read from its path");
        File.Delete(course);
        var again = await Grader("semester", "totals", "--course", copy);
        again.Code.Should().Be(ExitCodes.Done, again.Error + " — the course given, with the run's hash, stands in for the one gone");
    }

    [Test]
    public async Task The_rubric_export_lists_the_course_files_items_with_their_rubric()
    {
        using var scratch = new Scratch();
        var course = Path.Combine(scratch.Root, "dtu.toml");
        File.WriteAllText(course, Edited());
        var csv = Path.Combine(scratch.Root, "rubric.csv");

        var (code, _, error) = await Grader("rubric", "export", "--out", csv, "--students", "alice", "--sheet", "004", "--course", course);

        code.Should().Be(ExitCodes.Done, error);
        var text = File.ReadAllText(csv);
        text.Should().Contain("004/3.4/sample,explain-noise,1,,,Why the sampler adds σ_t z at every step but the last.").And.NotContain("004/3.3/kl-term");
        (await Grader("rubric", "check", csv, "--course", course)).Code.Should().Be(ExitCodes.Done);
        var shipped = await Grader("rubric", "check", csv);
        shipped.Code.Should().Be(ExitCodes.UsageError, "the shipped course has no manual item on 004/3.4/sample");
        shipped.Error.Should().Contain("the task '004/3.4/sample' has no manual items");
    }

    [Test]
    public async Task A_broken_course_file_is_refused_with_its_located_messages()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var course = Path.Combine(scratch.Root, "dtu.toml");
        File.WriteAllText(course, Edited().Replace("total = 14\n", "total = 15\n", StringComparison.Ordinal));
        var line = Array.FindIndex(File.ReadAllLines(course), l => l == "total = 15") + 1;

        var (code, _, error) = await Grader("grade", scratch.Handins, "--out", Path.Combine(scratch.Root, "out"), "--sheet", "004", "--course", course, "--snapshots", Snapshots, "--plain");

        code.Should().Be(ExitCodes.UsageError);
        error.Should().StartWith($"grader grade: {course}:{line}:1: the tasks of sheet 004 that are not bonus add up to 14 points, not its total 15.").And.NotContain("   at ");
        Directory.Exists(Path.Combine(scratch.Root, "out", "records")).Should().BeFalse("nothing is graded with a broken course");
    }

    private static Task<(int Code, string Out, string Error)> Grader(params string[] args) => GraderInProcess.RunAsync(args);
}
