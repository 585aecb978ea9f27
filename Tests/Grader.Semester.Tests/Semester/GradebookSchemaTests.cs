using Grader.Semester;

namespace Grader.Semester.Tests.Semester;

/// <summary>The gradebook's schema is migrated forward keeping the data; a newer file is refused.</summary>
public sealed class GradebookSchemaTests
{
    [Test]
    public void Every_gradebook_connection_waits_for_a_locked_file_with_SQLite_s_own_busy_handler()
    {
        // Microsoft.Data.Sqlite alone retries a busy command after sleeping 150 ms: a student's page that met a score's
        // commit took 150 or 300 ms (the 500-student benchmark's p95, 163-214 ms quiet; 28-33 ms with the handler, measured
        // in docs/measurements/2026-11-28-end-of-stop-77.md). SQLite's own handler retries after 1, 2, 5 ... ms; a timing
        // test would break on a loaded machine, so this asserts the setting each opened connection carries.
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "semester.db");
        using var first = CourseGradebook.Open(path);
        using var second = CourseGradebook.Open(path);
        first.BusyTimeout().Should().Be(30_000);
        second.BusyTimeout().Should().Be(30_000, "a connection opening an existing file sets it too");
    }

    [Test]
    public void A_version_1_gradebook_is_migrated_and_keeps_its_runs_and_manual_scores()
    {
        using var scratch = new Scratch();
        var path = OldGradebook.Write(scratch, GradebookSchema.Migrations[0] + """
            PRAGMA user_version = 1;
            INSERT INTO runs (sheet, seed, settings, folder, started, recorded) VALUES ('000', '7', '{}', '/x', '2026-11-01', '2026-11-01');
            INSERT INTO handins (run, student, status, content_hash) VALUES (1, 'alice', 'Graded', 'h');
            INSERT INTO task_points (run, student, task, points, max) VALUES (1, 'alice', '000/3a/loss-functions', 0.5, 0.5);
            INSERT INTO manual_scores (student, task, item, points, comment, entered) VALUES ('alice', '000/3a/loss-functions', 'answer', 0.5, 'ok', 'now');
            """);

        using var gradebook = CourseGradebook.Open(path);
        gradebook.OpenedVersion.Should().Be(1);
        gradebook.Runs.LatestRun("000").Should().Be(1);
        gradebook.Scores.ManualScores().Should().ContainSingle().Which.Comment.Should().Be("ok");
        gradebook.Runs.Changes(1, 1).Should().BeEmpty();
    }

    [Test]
    public void A_version_9_gradebooks_three_audit_stores_become_one_list_ordered_by_time_keeping_every_row()
    {
        using var scratch = new Scratch();
        const string Task = "000/3a/loss-functions";
        // Times interleave the three stores; ids within each store are in time order, as they were written.
        var path = OldGradebook.Write(scratch, string.Concat(GradebookSchema.Migrations.Take(9)) + $"""
            PRAGMA user_version = 9;
            INSERT INTO manual_scores (student, task, item, points, comment, entered, version, tutor) VALUES ('alice', '{Task}', 'answer', 0.25, 'half', '2026-11-02T10:00:00.0000000+00:00', 2, 'ben');
            INSERT INTO manual_score_audit (student, task, item, version, points, comment, tutor, entered, note) VALUES
                ('alice', '{Task}', 'answer', 1, 0.5, 'ok', 'ana', '2026-11-01T09:00:00.0000000+00:00', ''),
                ('alice', '{Task}', 'answer', 2, 0.25, 'half', 'ben', '2026-11-02T10:00:00.0000000+00:00', 'replaced ana''s 0.5, confirmed'),
                ('carol', '001/1a/x', 'answer', 1, 1, '', 'ana', '2026-11-01T09:30:00.0000000+00:00', '');
            INSERT INTO name_reveals (sheet, tutor, shown, entered) VALUES
                ('000', 'ben', 1, '2026-11-01T09:45:00.0000000+00:00'), ('000', 'ben', 0, '2026-11-02T11:00:00.0000000+00:00');
            INSERT INTO serve_audit (at, actor, action, sheet, student, detail) VALUES
                ('2026-11-01T08:00:00.0000000+00:00', 'lead', 'student token issued', '', 'alice', ''),
                ('2026-11-01T12:00:00.0000000+00:00', 'ana', 'released', '000', '', ''),
                ('2026-11-01T13:00:00.0000000+00:00', 'alice', 'regrade requested', '000', 'alice', '{Task} · answer');
            """);

        using var gradebook = CourseGradebook.Open(path);
        gradebook.OpenedVersion.Should().Be(9);
        gradebook.Audit.ServeAudit().Select(e => (e.At[..16], e.Actor, e.Action, e.Sheet, e.Student)).Should().Equal(
            [
                ("2026-11-01T08:00", "lead", "student token issued", "", "alice"),
                ("2026-11-01T09:00", "ana", AuditLog.ScoredAction, "000", "alice"),
                ("2026-11-01T09:30", "ana", AuditLog.ScoredAction, "001", "carol"),
                ("2026-11-01T09:45", "ben", AuditLog.NamesShownAction, "000", ""),
                ("2026-11-01T12:00", "ana", AuditLog.ReleasedAction, "000", ""),
                ("2026-11-01T13:00", "alice", "regrade requested", "000", "alice"),
                ("2026-11-02T10:00", "ben", AuditLog.ScoredAction, "000", "alice"),
                ("2026-11-02T11:00", "ben", AuditLog.NamesHiddenAction, "000", ""),
            ],
            "every row of the three stores, once, in time order");
        gradebook.Audit.ServeAudit("000").Should().HaveCount(6, "sheet 000's rows: not the token issue, not sheet 001's score");
        gradebook.Audit.ServeAudit("000").Single(e => e.At.StartsWith("2026-11-02T10", StringComparison.Ordinal)).Detail
            .Should().Be($"{Task} · answer: 0.25 pt (version 2) — “half” (replaced ana's 0.5, confirmed)");
        gradebook.Scores.Audit("alice", Task, "answer").Select(e => (e.Version, e.Points, e.Tutor, e.Comment, e.Note)).Should().Equal(
            (1L, 0.5, "ana", "ok", ""), (2L, 0.25, "ben", "half", "replaced ana's 0.5, confirmed"));
        gradebook.Audit.NameReveals("000").Select(r => (r.Tutor, r.Shown)).Should().Equal(("ben", true), ("ben", false));

        // A score written now goes to the same list, after the old rows.
        gradebook.Scores.Score([("alice", 2)], Task, "answer", 0, "none", "ana").Should().BeEmpty();
        gradebook.Scores.Audit("alice", Task, "answer").Select(e => e.Version).Should().Equal(1, 2, 3);
        gradebook.Audit.ServeAudit("000")[^1].Action.Should().Be(AuditLog.ScoredAction);
    }

    [Test]
    public void Every_audited_action_appears_once_in_the_one_list_in_the_order_done()
    {
        using var scratch = new Scratch();
        using var gradebook = CourseGradebook.Open(Path.Combine(scratch.Root, "semester.db"));
        const string Task = "000/3a/loss-functions";
        gradebook.Releases.SetStudentTokens([("alice", "hash")], "lead");
        gradebook.Scores.Score([("alice", 0)], Task, "answer", 0.5, "ok", "ana").Should().BeEmpty();
        gradebook.Audit.RevealNames("000", "ben", shown: true);
        gradebook.Releases.Release("000", "ana").Should().BeTrue();
        gradebook.Regrades.FileRegrade("alice", "000", Task, "answer", "please").Should().BeTrue();
        var comment = gradebook.Comments.AddComment("000", "alice", "Handin/Losses.cs", 3, "return x;", "off by one", "ben");
        gradebook.Comments.DeleteComment(comment, "ben").Should().BeTrue();
        gradebook.Regrades.AnswerRegrade(gradebook.Regrades.Regrades("000").Single().Id, 0.25, "less", "ben").Should().BeTrue();
        gradebook.Audit.RevealNames("000", "ben", shown: false);
        gradebook.Audit.ServeAudit().Select(e => (e.Actor, e.Action)).Should().Equal(
            ("lead", "student token issued"), ("ana", AuditLog.ScoredAction), ("ben", AuditLog.NamesShownAction), ("ana", AuditLog.ReleasedAction),
            ("alice", "regrade requested"), ("ben", AuditLog.CommentedAction), ("ben", AuditLog.CommentDeletedAction),
            ("ben", AuditLog.ScoredAction), ("ben", "regrade answered"), ("ben", AuditLog.NamesHiddenAction));
    }

    [Test]
    public void A_gradebook_of_a_newer_grader_is_refused_with_a_message()
    {
        using var scratch = new Scratch();
        var path = OldGradebook.Write(scratch, $"PRAGMA user_version = {GradebookSchema.Current + 1};");

        var open = () => CourseGradebook.Open(path);
        open.Should().Throw<CourseFileException>().WithMessage($"*schema version {GradebookSchema.Current + 1}, newer than this grader's {GradebookSchema.Current}*");
    }
}
