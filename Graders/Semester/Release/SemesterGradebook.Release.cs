using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// The students' side of the gradebook (issue 70): which sheets are released to students, the students' sign-in tokens
/// (only their SHA-256, as the tutors'), and the audit list of every release, withdrawal and token issue.
/// </summary>
public sealed partial class SemesterGradebook
{
    /// <summary>The audit list's action for a release.</summary>
    public const string ReleasedAction = "released";

    /// <summary>The audit list's action for a withdrawn release.</summary>
    public const string WithdrawnAction = "withdrawn";

    /// <summary>
    /// Releases <paramref name="sheet"/> to its students (their page shows it from now on) or, with
    /// <paramref name="release"/> false, withdraws it; audited with <paramref name="actor"/>. Returns false when the sheet
    /// already was in that state, or — with <paramref name="seen"/>, the <see cref="ReleaseVersion"/> the tutor's page
    /// read — when another release or withdrawal came since (nothing written; checked and written in one transaction).
    /// </summary>
    public bool Release(string sheet, string actor, bool release = true, long? seen = null)
    {
        using var transaction = _connection.BeginTransaction();
        var was = Scalar(transaction, "SELECT 1 FROM sheet_releases WHERE sheet = $sheet;", ("$sheet", sheet)) is not null;
        if (was == release || (seen is { } read && ReleaseVersion(transaction, sheet) != read))
        {
            return false;
        }

        var at = Now();
        if (release)
        {
            Execute(transaction, "INSERT INTO sheet_releases (sheet, tutor, released) VALUES ($sheet, $tutor, $at);", ("$sheet", sheet), ("$tutor", actor), ("$at", at));
        }
        else
        {
            Execute(transaction, "DELETE FROM sheet_releases WHERE sheet = $sheet;", ("$sheet", sheet));
        }

        AddAudit(transaction, actor, release ? ReleasedAction : WithdrawnAction, sheet, "", "");
        transaction.Commit();
        return true;
    }

    /// <summary>The version of <paramref name="sheet"/>'s release: the audit number of its last release or withdrawal, 0 for none.</summary>
    public long ReleaseVersion(string sheet) => ReleaseVersion(null, sheet);

    private long ReleaseVersion(SqliteTransaction? transaction, string sheet) =>
        Convert.ToInt64(Scalar(transaction, "SELECT COALESCE(MAX(id), 0) FROM audit WHERE sheet = $sheet AND action IN ($released, $withdrawn);",
            ("$sheet", sheet), ("$released", ReleasedAction), ("$withdrawn", WithdrawnAction)), CultureInfo.InvariantCulture);

    /// <summary>The released sheets, each with who released it and when (ISO 8601).</summary>
    public IReadOnlyDictionary<string, (string Tutor, string Released)> Releases()
    {
        using var command = Command(null, "SELECT sheet, tutor, released FROM sheet_releases;");
        using var reader = command.ExecuteReader();
        var releases = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            releases[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return releases;
    }

    /// <summary>True when <paramref name="sheet"/> is released to its students.</summary>
    public bool IsReleased(string sheet) => Scalar(null, "SELECT 1 FROM sheet_releases WHERE sheet = $sheet;", ("$sheet", sheet)) is not null;

    /// <summary>Gives each student a sign-in token (its hash stored; an earlier token of theirs no longer signs in), audited with <paramref name="actor"/>.</summary>
    public void SetStudentTokens(IReadOnlyList<(string Student, string TokenHash)> tokens, string actor)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        using var transaction = _connection.BeginTransaction();
        var at = Now();
        foreach (var (student, hash) in tokens)
        {
            Execute(transaction, "INSERT OR IGNORE INTO students (student) VALUES ($s);", ("$s", student));
            Execute(transaction, "INSERT INTO student_tokens (student, token_hash, created) VALUES ($s, $hash, $at) ON CONFLICT (student) DO UPDATE SET token_hash = excluded.token_hash, created = excluded.created;",
                ("$s", student), ("$hash", hash), ("$at", at));
            AddAudit(transaction, actor, "student token issued", "", student, "");
        }

        transaction.Commit();
    }

    /// <summary>Every student's name and token hash.</summary>
    public IReadOnlyList<(string Name, string TokenHash)> StudentTokens() => StringPairs("SELECT student, token_hash FROM student_tokens ORDER BY student;");

    /// <summary>One student's token hash, or null.</summary>
    public string? StudentTokenHash(string student) => Scalar(null, "SELECT token_hash FROM student_tokens WHERE student = $s;", ("$s", student)) as string;

    /// <summary>The audit list's action for a score given (by the app, <c>semester score</c>, a rubric CSV or a regrade answer).</summary>
    public const string ScoredAction = "scored";

    /// <summary>The audit list's action for a tutor's "Show names" on a sheet's grading pages.</summary>
    public const string NamesShownAction = "names shown";

    /// <summary>The audit list's action for a tutor's "Hide names".</summary>
    public const string NamesHiddenAction = "names hidden";

    /// <summary>
    /// The one audit list (migration 10), oldest first: every score given, reveal and hiding of names, release,
    /// withdrawal, token issue, regrade request and answer, and inline comment; only a sheet's when
    /// <paramref name="sheet"/> is given. A score's detail is its item, points, version, comment and note.
    /// </summary>
    public IReadOnlyList<ServeAuditEntry> ServeAudit(string? sheet = null)
    {
        using var command = sheet is null
            ? Command(null, $"SELECT {AuditColumns} FROM audit ORDER BY id;")
            : Command(null, $"SELECT {AuditColumns} FROM audit WHERE sheet = $sheet ORDER BY id;", ("$sheet", sheet));
        return AuditEntries(command);
    }

    /// <summary>
    /// One page of <paramref name="sheet"/>'s audit list, newest first: at most <paramref name="count"/> entries older than
    /// the entry <paramref name="before"/> (<see cref="ServeAuditEntry.Id"/>; null: from the newest).
    /// </summary>
    public IReadOnlyList<ServeAuditEntry> ServeAudit(string sheet, int count, long? before)
    {
        using var command = Command(null, $"SELECT {AuditColumns} FROM audit WHERE sheet = $sheet AND id < $before ORDER BY id DESC LIMIT $count;",
            ("$sheet", sheet), ("$before", before ?? long.MaxValue), ("$count", count));
        return AuditEntries(command);
    }

    private const string AuditColumns = "at, actor, action, sheet, student, detail, task, item, version, points, comment, note, id";

    private static List<ServeAuditEntry> AuditEntries(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var entries = new List<ServeAuditEntry>();
        while (reader.Read())
        {
            var detail = reader.GetString(5);
            if (reader.GetString(2) == ScoredAction && !reader.IsDBNull(9))
            {
                var comment = reader.IsDBNull(10) ? "" : reader.GetString(10);
                var note = reader.GetString(11);
                detail = string.Create(CultureInfo.InvariantCulture,
                    $"{reader.GetString(6)} · {reader.GetString(7)}: {Csv.Number(reader.GetDouble(9))} pt (version {reader.GetInt64(8)}){(comment.Length > 0 ? $" — “{comment}”" : "")}{(note.Length > 0 ? $" ({note})" : "")}");
            }

            entries.Add(new ServeAuditEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), detail) { Id = reader.GetInt64(12) });
        }

        return entries;
    }

    /// <summary>The columns a score's audit row is read with as a <see cref="ManualScoreEntry"/> (<c>Entries</c>).</summary>
    private const string AuditedScore = "student, task, item, points, comment, actor, at, version, note";

    /// <summary>The sheet a task belongs to: its id's first part ("000/3a/loss-functions": "000").</summary>
    private static string SheetOf(string task) => task.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? task[..slash] : task;

    private void AddAudit(SqliteTransaction transaction, string actor, string action, string sheet, string student, string detail) =>
        Execute(transaction, "INSERT INTO audit (at, actor, action, sheet, student, detail) VALUES ($at, $actor, $action, $sheet, $student, $detail);",
            ("$at", Now()), ("$actor", actor), ("$action", action), ("$sheet", sheet), ("$student", student), ("$detail", detail));

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
