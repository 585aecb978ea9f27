using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>The tutors' manual scores (versioned, with their audit list) and the log of names shown on the grading pages.</summary>
public sealed partial class SemesterGradebook
{
    /// <summary>Who the audit list names for a score the rubric CSV of a recorded run gave.</summary>
    public const string RubricCsv = "rubric CSV";

    /// <summary>Enters (or replaces) the tutor's score for one manual item of one student; <paramref name="tutor"/> is who the audit list names.</summary>
    public void SetManualScore(ManualScore score, string tutor = "semester score")
    {
        ArgumentNullException.ThrowIfNull(score);
        using var transaction = _connection.BeginTransaction();
        SetManualScore(transaction, score, tutor);
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
        using var transaction = _connection.BeginTransaction();
        var current = ManualScores(transaction, task, item);
        var stale = students.Where(s => (current.TryGetValue(s.Student, out var c) ? c.Version : 0) != s.Seen).Select(s => current.GetValueOrDefault(s.Student) ?? new ManualScoreEntry(s.Student, task, item, 0, "", "", "", 0)).ToArray();
        if (stale.Length > 0)
        {
            return stale;
        }

        foreach (var (student, _) in students)
        {
            SetManualScore(transaction, new ManualScore(student, task, item, points, comment), tutor, note(current.GetValueOrDefault(student)));
        }

        transaction.Commit();
        return [];
    }

    /// <summary>The current score of every student who has one for the item, by student.</summary>
    public IReadOnlyDictionary<string, ManualScoreEntry> ManualScores(string task, string item) => ManualScores(null, task, item);

    private Dictionary<string, ManualScoreEntry> ManualScores(SqliteTransaction? transaction, string task, string item) =>
        Entries(transaction, "SELECT student, task, item, points, comment, tutor, entered, version FROM manual_scores WHERE task = $task AND item = $item;", ("$task", task), ("$item", item))
            .ToDictionary(e => e.Student, StringComparer.Ordinal);

    /// <summary>The audit list of one student's item: every score it was given, oldest first.</summary>
    public IReadOnlyList<ManualScoreEntry> Audit(string student, string task, string item) =>
        Entries(null, $"SELECT {AuditedScore} FROM audit WHERE action = '{ScoredAction}' AND student = $s AND task = $task AND item = $item ORDER BY version, id;",
            ("$s", student), ("$task", task), ("$item", item));

    /// <summary>The audit list of one item over every student, oldest first (the statistics' "changed after" count reads it).</summary>
    public IReadOnlyList<ManualScoreEntry> Audit(string task, string item) =>
        Entries(null, $"SELECT {AuditedScore} FROM audit WHERE action = '{ScoredAction}' AND task = $task AND item = $item ORDER BY id;",
            ("$task", task), ("$item", item));

    /// <summary>
    /// Logs that <paramref name="tutor"/> showed (true) or hid (false) the students' names on <paramref name="sheet"/>'s
    /// grading pages; false (nothing written) when their names already were in that state (a second tab's form, read
    /// before the first one's reveal): the state read and the write in one transaction.
    /// </summary>
    public bool RevealNames(string sheet, string tutor, bool shown)
    {
        using var transaction = _connection.BeginTransaction();
        var last = Scalar(transaction, "SELECT action FROM audit WHERE sheet = $sheet AND actor = $tutor AND action IN ($shown, $hidden) ORDER BY id DESC LIMIT 1;",
            ("$sheet", sheet), ("$tutor", tutor), ("$shown", NamesShownAction), ("$hidden", NamesHiddenAction)) as string;
        if ((last == NamesShownAction) == shown)
        {
            return false;
        }

        Execute(transaction, "INSERT INTO audit (at, actor, action, sheet, student, detail) VALUES ($at, $tutor, $action, $sheet, '', '');",
            ("$sheet", sheet), ("$tutor", tutor), ("$action", shown ? NamesShownAction : NamesHiddenAction), ("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        transaction.Commit();
        return true;
    }

    /// <summary>Every reveal and hiding of names on <paramref name="sheet"/>, oldest first: who, shown or hidden, when (ISO 8601 UTC).</summary>
    public IReadOnlyList<(string Tutor, bool Shown, string Entered)> NameReveals(string sheet)
    {
        using var command = Command(null, "SELECT actor, action, at FROM audit WHERE sheet = $sheet AND action IN ($shown, $hidden) ORDER BY id;",
            ("$sheet", sheet), ("$shown", NamesShownAction), ("$hidden", NamesHiddenAction));
        using var reader = command.ExecuteReader();
        var reveals = new List<(string, bool, string)>();
        while (reader.Read())
        {
            reveals.Add((reader.GetString(0), reader.GetString(1) == NamesShownAction, reader.GetString(2)));
        }

        return reveals;
    }

    private List<ManualScoreEntry> Entries(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
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

    private void SetManualScore(SqliteTransaction transaction, ManualScore score, string tutor, string note = "")
    {
        var entered = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        Execute(transaction, "INSERT OR IGNORE INTO students (student) VALUES ($s);", ("$s", score.Student));
        Execute(transaction,
            "INSERT INTO manual_scores (student, task, item, points, comment, entered, version, tutor) VALUES ($s, $task, $item, $points, $comment, $entered, 1, $tutor) "
            + "ON CONFLICT (student, task, item) DO UPDATE SET points = excluded.points, comment = excluded.comment, entered = excluded.entered, "
            + "version = manual_scores.version + 1, tutor = excluded.tutor;",
            ("$s", score.Student), ("$task", score.TaskId), ("$item", score.ItemId), ("$points", score.Points), ("$comment", score.Comment),
            ("$entered", entered), ("$tutor", tutor));
        Execute(transaction,
            "INSERT INTO audit (at, actor, action, sheet, student, detail, task, item, version, points, comment, note) "
            + "SELECT entered, tutor, $action, $sheet, student, '', task, item, version, points, comment, $note FROM manual_scores WHERE student = $s AND task = $task AND item = $item;",
            ("$s", score.Student), ("$task", score.TaskId), ("$item", score.ItemId), ("$note", note), ("$action", ScoredAction), ("$sheet", SheetOf(score.TaskId)));
    }
}
