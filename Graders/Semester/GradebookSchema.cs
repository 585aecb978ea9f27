using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// The semester gradebook's schema as a list of migrations; the database's <c>PRAGMA user_version</c> is the number
/// applied. Opening a database runs the missing ones in one transaction each, so an older file is brought forward and
/// keeps its data; a file newer than this grader is refused. Append a migration; never edit one that shipped.
/// </summary>
public static class GradebookSchema
{
    /// <summary>Migration <c>i</c> takes a database from version <c>i</c> to <c>i + 1</c>.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: runs, their per-check verdicts and per-task points; the course's students; the tutor's manual scores.
        """
        CREATE TABLE students (student TEXT PRIMARY KEY);
        CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, sheet TEXT NOT NULL, seed TEXT NOT NULL, settings TEXT NOT NULL,
            folder TEXT NOT NULL, started TEXT NOT NULL, recorded TEXT NOT NULL);
        CREATE TABLE handins (run INTEGER NOT NULL REFERENCES runs(id), student TEXT NOT NULL, status TEXT NOT NULL, content_hash TEXT NOT NULL,
            PRIMARY KEY (run, student));
        CREATE TABLE task_points (run INTEGER NOT NULL REFERENCES runs(id), student TEXT NOT NULL, task TEXT NOT NULL, points REAL NOT NULL,
            max REAL NOT NULL, PRIMARY KEY (run, student, task));
        CREATE TABLE check_verdicts (run INTEGER NOT NULL REFERENCES runs(id), student TEXT NOT NULL, task TEXT NOT NULL, check_id TEXT NOT NULL,
            outcome TEXT NOT NULL, points REAL NOT NULL, message TEXT NOT NULL, PRIMARY KEY (run, student, task, check_id));
        CREATE TABLE manual_scores (student TEXT NOT NULL, task TEXT NOT NULL, item TEXT NOT NULL, points REAL NOT NULL, comment TEXT NOT NULL,
            entered TEXT NOT NULL, PRIMARY KEY (student, task, item));
        """,

        // 2: the late policy: when each hand-in was submitted (an ISO 8601 time; NULL when unknown).
        """
        ALTER TABLE handins ADD COLUMN submitted TEXT;
        """,

        // 3: the semester reads reports: each hand-in's record (the grading's verdicts, JSON as in the run's records/).
        """
        ALTER TABLE handins ADD COLUMN record TEXT;
        """,

        // 4: grader serve: each manual score's version and tutor (a write on a stale version is refused), the audit list
        // of every score given (who, when, what), and the tutors' sign-in tokens (SHA-256, never the token). The scores
        // already entered start the audit list at version 1.
        """
        ALTER TABLE manual_scores ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE manual_scores ADD COLUMN tutor TEXT NOT NULL DEFAULT '';
        CREATE TABLE manual_score_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, student TEXT NOT NULL, task TEXT NOT NULL, item TEXT NOT NULL,
            version INTEGER NOT NULL, points REAL NOT NULL, comment TEXT NOT NULL, tutor TEXT NOT NULL, entered TEXT NOT NULL);
        CREATE INDEX manual_score_audit_item ON manual_score_audit (student, task, item);
        INSERT INTO manual_score_audit (student, task, item, version, points, comment, tutor, entered)
            SELECT student, task, item, 1, points, comment, '', entered FROM manual_scores;
        CREATE TABLE tutors (name TEXT PRIMARY KEY, token_hash TEXT NOT NULL, created TEXT NOT NULL);
        """,

        // 5: submission times a student cannot set: the time a hand-in carries (its last commit's, a zip's or its files'
        // time) is kept apart as claimed and decides nothing; from now on `submitted` holds only an LMS file's time, and
        // without one the late policy counts from the start of the first recorded run that saw the same code
        // (`content_hash`). `observed` is 1 for a hand-in recorded so; one recorded before (0) keeps the time it was
        // recorded with, whichever it was.
        """
        ALTER TABLE handins ADD COLUMN claimed TEXT;
        ALTER TABLE handins ADD COLUMN observed INTEGER NOT NULL DEFAULT 0;
        """,

        // 6: grader serve, blind and safe (issue 70): an audit entry's note (a tutor's confirmed replacement of another's
        // score, "no report: 0"), and every reveal or hiding of the students' names on a sheet's grading pages.
        """
        ALTER TABLE manual_score_audit ADD COLUMN note TEXT NOT NULL DEFAULT '';
        CREATE TABLE name_reveals (id INTEGER PRIMARY KEY AUTOINCREMENT, sheet TEXT NOT NULL, tutor TEXT NOT NULL, shown INTEGER NOT NULL, entered TEXT NOT NULL);
        """,

        // 7: the students' side of grader serve (issue 70): which sheets are released to students (nothing of a sheet is
        // shown to a student before), the students' sign-in tokens (SHA-256, never the token), regrade requests (one per
        // student and manual item or automatic task; item '' is the task's automatic part) with the tutor's answer, and
        // the audit list of every release, withdrawal, token issue, request and answer.
        """
        CREATE TABLE sheet_releases (sheet TEXT PRIMARY KEY, tutor TEXT NOT NULL, released TEXT NOT NULL);
        CREATE TABLE student_tokens (student TEXT PRIMARY KEY, token_hash TEXT NOT NULL, created TEXT NOT NULL);
        CREATE TABLE regrade_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, student TEXT NOT NULL, sheet TEXT NOT NULL, task TEXT NOT NULL,
            item TEXT NOT NULL, reason TEXT NOT NULL, filed TEXT NOT NULL, outcome TEXT, points REAL, reply TEXT, tutor TEXT, answered TEXT,
            UNIQUE (student, task, item));
        CREATE INDEX regrade_requests_sheet ON regrade_requests (sheet);
        CREATE TABLE serve_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            sheet TEXT NOT NULL, student TEXT NOT NULL, detail TEXT NOT NULL);
        """,

        // 8: tutorials in grader serve (issue 68): which tutorials a tutor covers (`serve tutor add NAME --tutorial T`),
        // beside the course file's `tutors` of each tutorial; their hand-ins come first on that tutor's grading pages.
        """
        CREATE TABLE tutor_tutorials (tutor TEXT NOT NULL, tutorial TEXT NOT NULL, PRIMARY KEY (tutor, tutorial));
        """,

        // 9: inline comments (issue 70, item 4): a tutor's comment on one line of a hand-in's code or written report,
        // anchored by file, line and the line's text then; a deleted comment keeps its row (deleted by, when), and every
        // comment and deletion is in serve_audit.
        """
        CREATE TABLE inline_comments (id INTEGER PRIMARY KEY AUTOINCREMENT, sheet TEXT NOT NULL, student TEXT NOT NULL, file TEXT NOT NULL,
            line INTEGER NOT NULL, line_text TEXT NOT NULL, body TEXT NOT NULL, tutor TEXT NOT NULL, entered TEXT NOT NULL,
            deleted_by TEXT, deleted TEXT);
        CREATE INDEX inline_comments_handin ON inline_comments (sheet, student);
        """,

        // 10: one audit trail (issue 70): every score given (manual_score_audit), every reveal or hiding of names
        // (name_reveals) and every release, token, regrade and comment (serve_audit) become rows of `audit`, one list
        // ordered by time (then by the store they came from, then by their order in it). A score's row keeps its task,
        // item, version, points, comment and note; its sheet is the task's first part ("000/3a/x": "000"). Every row is
        // kept; the three old tables are dropped.
        """
        CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            sheet TEXT NOT NULL, student TEXT NOT NULL, detail TEXT NOT NULL, task TEXT NOT NULL DEFAULT '', item TEXT NOT NULL DEFAULT '',
            version INTEGER, points REAL, comment TEXT, note TEXT NOT NULL DEFAULT '');
        INSERT INTO audit (at, actor, action, sheet, student, detail, task, item, version, points, comment, note)
            SELECT at, actor, action, sheet, student, detail, task, item, version, points, comment, note FROM (
                SELECT at, actor, action, sheet, student, detail, '' AS task, '' AS item, NULL AS version, NULL AS points, NULL AS comment, '' AS note,
                    0 AS store, id FROM serve_audit
                UNION ALL
                SELECT entered, tutor, 'scored', CASE WHEN instr(task, '/') > 0 THEN substr(task, 1, instr(task, '/') - 1) ELSE task END, student, '',
                    task, item, version, points, comment, note, 1, id FROM manual_score_audit
                UNION ALL
                SELECT entered, tutor, CASE WHEN shown <> 0 THEN 'names shown' ELSE 'names hidden' END, sheet, '', '', '', '', NULL, NULL, NULL, '',
                    2, id FROM name_reveals)
            ORDER BY at, store, id;
        CREATE INDEX audit_item ON audit (task, item, student);
        CREATE INDEX audit_sheet ON audit (sheet, action);
        DROP TABLE serve_audit;
        DROP TABLE manual_score_audit;
        DROP TABLE name_reveals;
        """,
    ];

    /// <summary>The version this grader writes.</summary>
    public static int Current => Migrations.Count;

    /// <summary>Brings <paramref name="connection"/>'s database to <see cref="Current"/>; returns the version it had.</summary>
    public static int Migrate(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var version = Version(connection);
        if (version > Current)
        {
            throw new CourseFileException($"The semester gradebook '{connection.DataSource}' has schema version {version}, newer than this grader's {Current}; use a newer grader.");
        }

        for (int v = version; v < Current; v++)
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return version;
    }

    /// <summary>The schema version of the open database (0 for a new file).</summary>
    public static int Version(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
