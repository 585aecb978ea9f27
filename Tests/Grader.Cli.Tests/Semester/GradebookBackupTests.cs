using System.Collections.Concurrent;
using Grader.Semester;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// The restore drill (issue 81, item 4): a backup taken while a tutor's scores are being written restores to a gradebook
/// with every score acknowledged before the backup began, and nothing that was never written; a backup never replaces a
/// file; a restore keeps the gradebook it replaces; a damaged or foreign file is refused with the gradebook unchanged.
/// </summary>
public sealed class GradebookBackupTests
{
    private const string Task = "000/3a/loss-functions";

    [Test]
    public void A_backup_taken_under_writes_restores_every_score_acknowledged_before_it_and_the_replaced_gradebook_keeps_the_rest()
    {
        using var scratch = new Scratch();
        var live = Path.Combine(scratch.Root, "semester.db");
        using (var gradebook = CourseGradebook.Open(live)) gradebook.Students.AddStudents(Enumerable.Range(0, 20).Select(i => $"s{i}"));

        // The writer: scores one item after another on its own connection, as grader serve does, and acknowledges each
        // after its commit returned. It stops when told (a cap of 1,000,000 scores only bounds a test gone wrong): with a
        // cap of 4,000, a loaded machine that starved this thread during the backup let the writer finish first.
        var acknowledged = new ConcurrentQueue<int>();
        using var stop = new CancellationTokenSource();
        var writer = System.Threading.Tasks.Task.Run(() =>
        {
            using var gradebook = CourseGradebook.Open(live);
            for (var i = 0; i < 1_000_000 && !stop.IsCancellationRequested; i++)
            {
                gradebook.Scores.SetManualScore(new ManualScore($"s{i % 20}", Task, $"item-{i}", 0.25, $"comment {i}"), "ana");
                acknowledged.Enqueue(i);
            }
        });

        SpinWait.SpinUntil(() => acknowledged.Count >= 15 || writer.IsCompleted, TimeSpan.FromMinutes(2)).Should().BeTrue("the writer acknowledges scores");
        var beforeBackup = acknowledged.Count;
        var backup = Path.Combine(scratch.Root, "backups", "monday.sqlite");
        var contents = GradebookBackup.Backup(live, backup);
        var afterBackup = acknowledged.Count;
        SpinWait.SpinUntil(() => acknowledged.Count >= afterBackup + 8 || writer.IsCompleted, TimeSpan.FromMinutes(2));
        stop.Cancel();
        writer.Wait(TimeSpan.FromMinutes(2)).Should().BeTrue();
        var written = acknowledged.Count;
        written.Should().BeGreaterThan(afterBackup, "the writer went on after the backup, so the drill has scores only the live gradebook holds");

        contents.ManualScores.Should().BeInRange(beforeBackup, afterBackup, "the backup holds every score committed before it began and none that was not committed when it ended");
        var (restored, kept) = GradebookBackup.Restore(backup, live, new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        restored.Should().Be(contents);
        kept.Should().Be(live + ".before-restore-20261130T080000Z");

        using (var gradebook = CourseGradebook.Open(live))
        {
            var scores = gradebook.Scores.ManualScores().Select(s => s.ItemId).ToHashSet(StringComparer.Ordinal);
            scores.Should().HaveCount((int)contents.ManualScores);
            Enumerable.Range(0, beforeBackup).Should().OnlyContain(i => scores.Contains($"item-{i}"), "every score acknowledged before the backup began is restored");
            scores.Should().OnlyContain(s => int.Parse(s.Substring("item-".Length), CultureInfo.InvariantCulture) < afterBackup, "nothing the writer had not acknowledged by the backup's end");
            gradebook.Scores.Audit(Task, $"item-0").Should().ContainSingle().Which.Tutor.Should().Be("ana");
        }

        using (var replaced = CourseGradebook.Open(kept!))
            replaced.Scores.ManualScores().Should().HaveCount(written, "the gradebook the restore replaced is kept whole, with the scores written after the backup");
    }

    [Test]
    public void A_backup_never_replaces_a_file_and_a_missing_gradebook_is_named()
    {
        using var scratch = new Scratch();
        var live = Path.Combine(scratch.Root, "semester.db");
        var missing = () => GradebookBackup.Backup(live, Path.Combine(scratch.Root, "b.sqlite"));
        missing.Should().Throw<CourseFileException>().WithMessage("*no semester gradebook at*");
        File.Exists(live).Should().BeFalse("a backup does not create the gradebook it was asked to copy");

        using (var gradebook = CourseGradebook.Open(live)) gradebook.Scores.SetManualScore(new ManualScore("alice", Task, "answer", 0.5, "ok"), "ana");
        var existing = Path.Combine(scratch.Root, "existing.sqlite");
        File.WriteAllText(existing, "a tutor's other file");
        var over = () => GradebookBackup.Backup(live, existing);
        over.Should().Throw<CourseFileException>().WithMessage("*exists; a backup never replaces a file*");
        File.ReadAllText(existing).Should().Be("a tutor's other file");
        var itself = () => GradebookBackup.Backup(live, live);
        itself.Should().Throw<CourseFileException>().WithMessage("*is the gradebook itself*");
        Directory.GetFiles(scratch.Root).Should().BeEquivalentTo([live, existing], "a refused backup leaves no partial file");
    }

    [Test]
    public void A_damaged_or_foreign_backup_is_refused_and_the_gradebook_is_unchanged()
    {
        using var scratch = new Scratch();
        var live = Path.Combine(scratch.Root, "semester.db");
        using (var gradebook = CourseGradebook.Open(live)) gradebook.Scores.SetManualScore(new ManualScore("alice", Task, "answer", 0.5, "ok"), "ana");
        var good = Path.Combine(scratch.Root, "good.sqlite");
        GradebookBackup.Backup(live, good);

        var text = Path.Combine(scratch.Root, "notes.txt");
        File.WriteAllText(text, "not a database at all, but long enough to look like a header of one.....................................");
        var torn = Path.Combine(scratch.Root, "torn.sqlite");
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(torn, bytes[..(bytes.Length / 2)]);
        var foreign = Path.Combine(scratch.Root, "foreign.sqlite");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x); INSERT INTO t VALUES (1);";
            command.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(live);
        foreach (var bad in new[] { text, torn, foreign, Path.Combine(scratch.Root, "absent.sqlite") })
        {
            var restore = () => GradebookBackup.Restore(bad, live, DateTimeOffset.UnixEpoch);
            restore.Should().Throw<CourseFileException>(bad).Which.Message.Should().Contain(Path.GetFileName(bad));
            File.ReadAllBytes(live).Should().Equal(before, $"a refused restore of {Path.GetFileName(bad)} leaves the gradebook as it was");
        }

        Directory.GetFiles(scratch.Root, "*before-restore*").Should().BeEmpty("nothing was replaced, so nothing was kept");

        // A damaged gradebook (often why one restores) is replaced by the good backup and kept byte for byte beside it.
        var damaged = File.ReadAllBytes(live);
        File.WriteAllBytes(live, damaged[..(damaged.Length / 2)]);
        var (restored, kept) = GradebookBackup.Restore(good, live, DateTimeOffset.UnixEpoch);
        restored.ManualScores.Should().Be(1);
        File.ReadAllBytes(kept!).Should().Equal(damaged[..(damaged.Length / 2)]);
        using var back = CourseGradebook.Open(live);
        back.Scores.ManualScores().Should().ContainSingle().Which.Comment.Should().Be("ok");
    }

    [Test]
    public async Task The_commands_back_up_and_restore_a_courses_gradebook_and_say_what_they_copied()
    {
        using var scratch = new Scratch();
        var course = new TestCourseFile("Backup drill", ["alice", "bob"], [("000", "2026-11-02T12:00Z")]).WriteTo(Path.Combine(scratch.Root, "course.toml"));
        await SemesterCommands.Ok("semester", "score", "--course", course, "--student", "alice", "--task", Task, "--item", "answer", "--points", "0.5", "--comment", "kept");
        var folder = Path.Combine(scratch.Root, "backups");
        Directory.CreateDirectory(folder);

        var backedUp = await SemesterCommands.Ok("semester", "backup", "--course", course, "--out", folder);
        backedUp.Should().Contain("1 manual score(s)").And.Contain("integrity check: ok");
        var backup = Directory.GetFiles(folder).Should().ContainSingle().Which;
        Path.GetFileName(backup).Should().MatchRegex(@"^gradebook-\d{8}T\d{6}Z\.sqlite$");

        (await SemesterCommands.Ok("semester", "backup", "--course", course, "--out", folder)).Should().Contain("integrity check: ok", "a second backup into the folder in the same second gets a name of its own");
        Directory.GetFiles(folder).Should().HaveCount(2);
        var (code, _, error) = await SemesterCommands.Grader("semester", "backup", "--course", course, "--out", backup);
        code.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("exists; a backup never replaces a file").And.NotContain("   at ");

        await SemesterCommands.Ok("semester", "score", "--course", course, "--student", "alice", "--task", Task, "--item", "answer", "--points", "0", "--comment", "after the backup");
        var restored = await SemesterCommands.Ok("semester", "restore", "--course", course, "--from", backup);
        restored.Should().Contain("1 manual score(s)").And.Contain("is kept as").And.Contain("Start 'grader serve' again");
        using var gradebook = CourseGradebook.Open(Path.Combine(scratch.Root, "semester.db"));
        gradebook.Scores.ManualScores().Should().ContainSingle().Which.Should().Be(new ManualScore("alice", Task, "answer", 0.5, "kept"), "the score of the backup, not the one given after it");
    }
}
