using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// The one store of the tutors' manual scores (<c>manual_scores</c>): each versioned (1, then one more per change) with
/// the tutor who gave it, every score given also a row of the audit list (<see cref="AuditLog"/>).
/// </summary>
public sealed class ManualScoreStore
{
    /// <summary>Who the audit list names for a score the rubric CSV of a recorded run gave.</summary>
    public const string RubricCsv = "rubric CSV";

    private readonly GradebookSql _sql;
    private readonly StudentStore _students;

    internal ManualScoreStore(GradebookSql sql, StudentStore students)
    {
        _sql = sql;
        _students = students;
    }

    /// <summary>Enters (or replaces) the tutor's score for one manual item of one student; <paramref name="tutor"/> is who the audit list names.</summary>
    public void SetManualScore(ManualScore score, string tutor = "semester score")
    {
        ArgumentNullException.ThrowIfNull(score);
        using var transaction = _sql.Begin();
        Set(transaction, score, tutor);
        transaction.Commit();
    }

    /// <summary>
    /// Gives one score to one item of several students (an answer group), each on the version of their score the tutor
    /// saw (0 for none): when any of them has a newer version, nothing is written and their current entries are returned;
    /// otherwise every score is written, each with the next version and an audit entry, and committed before this returns.
    /// </summary>
    public IReadOnlyList<ManualScoreEntry> Score(IReadOnlyList<(string Student, long Seen)> students, string task, string item, double points, string comment, string tutor) =>
        Score(students, task, item, points, comment, tutor, _ => "");

    /// <summary>
    /// <see cref="Score(IReadOnlyList{ValueTuple{string, long}}, string, string, double, string, string)"/> with a note on
    /// each audit entry (<paramref name="note"/> of the score it replaces, null for none: "replaced ana's 1, confirmed").
    /// </summary>
    public IReadOnlyList<ManualScoreEntry> Score(IReadOnlyList<(string Student, long Seen)> students, string task, string item, double points, string comment, string tutor, Func<ManualScoreEntry?, string> note)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(students);
        using var transaction = _sql.Begin();
        var current = ManualScores(transaction, task, item);
        var stale = students.Where(s => (current.TryGetValue(s.Student, out var c) ? c.Version : 0) != s.Seen).Select(s => current.GetValueOrDefault(s.Student) ?? new ManualScoreEntry(s.Student, task, item, 0, "", "", "", 0)).ToArray();
        if (stale.Length > 0)
        {
            return stale;
        }

        foreach (var (student, _) in students)
        {
            Set(transaction, new ManualScore(student, task, item, points, comment), tutor, note(current.GetValueOrDefault(student)));
        }

        transaction.Commit();
        return [];
    }

    /// <summary>Every manual score entered, by student, task and item.</summary>
    public IReadOnlyList<ManualScore> ManualScores() => ManualScores(null).Select(e => e.Score).ToArray();

    /// <summary>The current score of every student who has one for the item, by student.</summary>
    public IReadOnlyDictionary<string, ManualScoreEntry> ManualScores(string task, string item) => ManualScores(null, task, item);

    /// <summary>The audit list of one student's item: every score it was given, oldest first.</summary>
    public IReadOnlyList<ManualScoreEntry> Audit(string student, string task, string item) =>
        Entries(null, $"SELECT {AuditLog.AuditedScore} FROM audit WHERE action = '{AuditLog.ScoredAction}' AND student = $s AND task = $task AND item = $item ORDER BY version, id;",
            ("$s", student), ("$task", task), ("$item", item));

    /// <summary>The audit list of one item over every student, oldest first (the statistics' "changed after" count reads it).</summary>
    public IReadOnlyList<ManualScoreEntry> Audit(string task, string item) =>
        Entries(null, $"SELECT {AuditLog.AuditedScore} FROM audit WHERE action = '{AuditLog.ScoredAction}' AND task = $task AND item = $item ORDER BY id;",
            ("$task", task), ("$item", item));

    /// <summary>
    /// The standing manual scores of the hand-ins <paramref name="handins"/> names (every one for null), by student, task
    /// and item, each with who gave it, when, and its version (the one a write against it carries).
    /// </summary>
    internal List<ManualScoreEntry> ManualScores(IReadOnlySet<string>? handins) => handins is null
        ? Entries(null, "SELECT student, task, item, points, comment, tutor, entered, version FROM manual_scores ORDER BY student, task, item;")
        : Entries(null, "SELECT student, task, item, points, comment, tutor, entered, version FROM manual_scores WHERE student IN (SELECT value FROM json_each($ids)) ORDER BY student, task, item;", ("$ids", JsonSerializer.Serialize(handins)));

    /// <summary>The current score of every student who has one for the item, read in <paramref name="transaction"/>.</summary>
    internal Dictionary<string, ManualScoreEntry> ManualScores(SqliteTransaction? transaction, string task, string item) =>
        Entries(transaction, "SELECT student, task, item, points, comment, tutor, entered, version FROM manual_scores WHERE task = $task AND item = $item;", ("$task", task), ("$item", item))
            .ToDictionary(e => e.Student, StringComparer.Ordinal);

    /// <summary>Writes one score (the next version) and its audit row in <paramref name="transaction"/>.</summary>
    internal void Set(SqliteTransaction transaction, ManualScore score, string tutor, string note = "")
    {
        var entered = GradebookSql.Now();
        _students.Add(transaction, score.Student);
        _sql.Execute(transaction,
            "INSERT INTO manual_scores (student, task, item, points, comment, entered, version, tutor) VALUES ($s, $task, $item, $points, $comment, $entered, 1, $tutor) "
            + "ON CONFLICT (student, task, item) DO UPDATE SET points = excluded.points, comment = excluded.comment, entered = excluded.entered, "
            + "version = manual_scores.version + 1, tutor = excluded.tutor;",
            ("$s", score.Student), ("$task", score.TaskId), ("$item", score.ItemId), ("$points", score.Points), ("$comment", score.Comment),
            ("$entered", entered), ("$tutor", tutor));
        _sql.Execute(transaction,
            "INSERT INTO audit (at, actor, action, sheet, student, detail, task, item, version, points, comment, note) "
            + "SELECT entered, tutor, $action, $sheet, student, '', task, item, version, points, comment, $note FROM manual_scores WHERE student = $s AND task = $task AND item = $item;",
            ("$s", score.Student), ("$task", score.TaskId), ("$item", score.ItemId), ("$note", note), ("$action", AuditLog.ScoredAction), ("$sheet", AuditLog.SheetOf(score.TaskId)));
    }

    private List<ManualScoreEntry> Entries(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = _sql.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<ManualScoreEntry>();
        while (reader.Read())
        {
            entries.Add(new ManualScoreEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetInt64(7))
            {
                Note = reader.FieldCount > 8 ? reader.GetString(8) : "",
            });
        }

        return entries;
    }
}
