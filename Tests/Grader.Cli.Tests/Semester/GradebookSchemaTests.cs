using Grader.Cli.Semester;
using Microsoft.Data.Sqlite;

namespace Grader.Cli.Tests.Semester;

/// <summary>The gradebook's schema is migrated forward keeping the data; a newer file is refused.</summary>
public sealed class GradebookSchemaTests
{
    [Test]
    public void A_version_1_gradebook_is_migrated_and_keeps_its_runs_and_manual_scores()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "semester.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = GradebookSchema.Migrations[0] + """
                PRAGMA user_version = 1;
                INSERT INTO runs (sheet, seed, settings, folder, started, recorded) VALUES ('000', '7', '{}', '/x', '2026-11-01', '2026-11-01');
                INSERT INTO handins (run, student, status, content_hash) VALUES (1, 'alice', 'Graded', 'h');
                INSERT INTO task_points (run, student, task, points, max) VALUES (1, 'alice', '000/3a/loss-functions', 0.5, 0.5);
                INSERT INTO manual_scores (student, task, item, points, comment, entered) VALUES ('alice', '000/3a/loss-functions', 'answer', 0.5, 'ok', 'now');
                """;
            command.ExecuteNonQuery();
        }

        using var gradebook = SemesterGradebook.Open(path);
        gradebook.OpenedVersion.Should().Be(1);
        gradebook.LatestRun("000").Should().Be(1);
        gradebook.ManualScores().Should().ContainSingle().Which.Comment.Should().Be("ok");
        gradebook.Changes(1, 1).Should().BeEmpty();
    }

    [Test]
    public void A_gradebook_of_a_newer_grader_is_refused_with_a_message()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "semester.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {GradebookSchema.Current + 1};";
            command.ExecuteNonQuery();
        }

        var open = () => SemesterGradebook.Open(path);
        open.Should().Throw<CourseFileException>().WithMessage($"*schema version {GradebookSchema.Current + 1}, newer than this grader's {GradebookSchema.Current}*");
    }
}
