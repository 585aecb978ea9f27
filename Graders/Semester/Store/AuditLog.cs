using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// The one audit list (<c>audit</c>, migration 10): every score given, reveal and hiding of names, release, withdrawal,
/// token issue, regrade request and answer, inline comment and deletion, one row per action in the order done. The
/// stores that write an audited action add its row here in their own transaction.
/// </summary>
public sealed class AuditLog
{
    /// <summary>The audit list's action for a score given (by the app, <c>semester score</c>, a rubric CSV or a regrade answer).</summary>
    public const string ScoredAction = "scored";

    /// <summary>The audit list's action for a tutor's "Show names" on a sheet's grading pages.</summary>
    public const string NamesShownAction = "names shown";

    /// <summary>The audit list's action for a tutor's "Hide names".</summary>
    public const string NamesHiddenAction = "names hidden";

    /// <summary>The audit list's action for a release.</summary>
    public const string ReleasedAction = "released";

    /// <summary>The audit list's action for a withdrawn release.</summary>
    public const string WithdrawnAction = "withdrawn";

    /// <summary>The audit list's action for a new comment.</summary>
    public const string CommentedAction = "commented";

    /// <summary>The audit list's action for a deleted comment.</summary>
    public const string CommentDeletedAction = "comment deleted";

    /// <summary>The columns a score's audit row is read with as a <see cref="ManualScoreEntry"/>.</summary>
    /// <summary>The action of a course file taken up again by a running <c>grader serve</c> (issue 80): its groups, tutorials, students, deadlines, late policy.</summary>
    public const string CourseReloadedAction = "course file reloaded";

    internal const string AuditedScore = "student, task, item, points, comment, actor, at, version, note";

    private const string AuditColumns = "at, actor, action, sheet, student, detail, task, item, version, points, comment, note, id";

    private readonly GradebookSql _sql;

    internal AuditLog(GradebookSql sql) => _sql = sql;

    /// <summary>
    /// The one audit list, oldest first; only a sheet's when <paramref name="sheet"/> is given. A score's detail is its
    /// item, points, version, comment and note.
    /// </summary>
    public IReadOnlyList<ServeAuditEntry> ServeAudit(string? sheet = null)
    {
        using var command = sheet is null
            ? _sql.Command(null, $"SELECT {AuditColumns} FROM audit ORDER BY id;")
            : _sql.Command(null, $"SELECT {AuditColumns} FROM audit WHERE sheet = $sheet ORDER BY id;", ("$sheet", sheet));
        return AuditEntries(command);
    }

    /// <summary>
    /// One page of <paramref name="sheet"/>'s audit list, newest first: at most <paramref name="count"/> entries older than
    /// the entry <paramref name="before"/> (<see cref="ServeAuditEntry.Id"/>; null: from the newest).
    /// </summary>
    public IReadOnlyList<ServeAuditEntry> ServeAudit(string sheet, int count, long? before)
    {
        using var command = _sql.Command(null, $"SELECT {AuditColumns} FROM audit WHERE sheet = $sheet AND id < $before ORDER BY id DESC LIMIT $count;",
            ("$sheet", sheet), ("$before", before ?? long.MaxValue), ("$count", count));
        return AuditEntries(command);
    }

    /// <summary>
    /// Logs that <paramref name="tutor"/> showed (true) or hid (false) the students' names on <paramref name="sheet"/>'s
    /// grading pages; false (nothing written) when their names already were in that state (a second tab's form, read
    /// before the first one's reveal): the state read and the write in one transaction.
    /// </summary>
    public bool RevealNames(string sheet, string tutor, bool shown)
    {
        using var transaction = _sql.Begin();
        var last = _sql.Scalar(transaction, "SELECT action FROM audit WHERE sheet = $sheet AND actor = $tutor AND action IN ($shown, $hidden) ORDER BY id DESC LIMIT 1;",
            ("$sheet", sheet), ("$tutor", tutor), ("$shown", NamesShownAction), ("$hidden", NamesHiddenAction)) as string;
        if ((last == NamesShownAction) == shown)
        {
            return false;
        }

        _sql.Execute(transaction, "INSERT INTO audit (at, actor, action, sheet, student, detail) VALUES ($at, $tutor, $action, $sheet, '', '');",
            ("$sheet", sheet), ("$tutor", tutor), ("$action", shown ? NamesShownAction : NamesHiddenAction), ("$at", GradebookSql.Now()));
        transaction.Commit();
        return true;
    }

    /// <summary>
    /// Logs that <paramref name="actor"/> (a tutor, or "serve" for a change seen on disk) made a running <c>grader serve</c>
    /// take up the course file again: one entry per sheet of <paramref name="sheets"/>, so each sheet's audit list shows
    /// it, with <paramref name="detail"/> (which names no student), in one transaction.
    /// </summary>
    public void CourseReloaded(string actor, IReadOnlyList<string> sheets, string detail)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var transaction = _sql.Begin();
        foreach (var sheet in sheets)
        {
            Add(transaction, actor, CourseReloadedAction, sheet, "", detail);
        }

        transaction.Commit();
    }

    /// <summary>Every reveal and hiding of names on <paramref name="sheet"/>, oldest first: who, shown or hidden, when (ISO 8601 UTC).</summary>
    public IReadOnlyList<(string Tutor, bool Shown, string Entered)> NameReveals(string sheet)
    {
        using var command = _sql.Command(null, "SELECT actor, action, at FROM audit WHERE sheet = $sheet AND action IN ($shown, $hidden) ORDER BY id;",
            ("$sheet", sheet), ("$shown", NamesShownAction), ("$hidden", NamesHiddenAction));
        using var reader = command.ExecuteReader();
        var reveals = new List<(string, bool, string)>();
        while (reader.Read())
        {
            reveals.Add((reader.GetString(0), reader.GetString(1) == NamesShownAction, reader.GetString(2)));
        }

        return reveals;
    }

    /// <summary>The version of <paramref name="sheet"/>'s release: the audit number of its last release or withdrawal, 0 for none.</summary>
    internal long ReleaseVersion(SqliteTransaction? transaction, string sheet) =>
        Convert.ToInt64(_sql.Scalar(transaction, "SELECT COALESCE(MAX(id), 0) FROM audit WHERE sheet = $sheet AND action IN ($released, $withdrawn);",
            ("$sheet", sheet), ("$released", ReleasedAction), ("$withdrawn", WithdrawnAction)), CultureInfo.InvariantCulture);

    /// <summary>Adds one audited action in <paramref name="transaction"/> (the write it records).</summary>
    internal void Add(SqliteTransaction transaction, string actor, string action, string sheet, string student, string detail) =>
        _sql.Execute(transaction, "INSERT INTO audit (at, actor, action, sheet, student, detail) VALUES ($at, $actor, $action, $sheet, $student, $detail);",
            ("$at", GradebookSql.Now()), ("$actor", actor), ("$action", action), ("$sheet", sheet), ("$student", student), ("$detail", detail));

    /// <summary>The sheet a task belongs to: its id's first part ("000/3a/loss-functions": "000").</summary>
    internal static string SheetOf(string task) => task.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? task[..slash] : task;

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
}
