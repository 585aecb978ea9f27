using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// Regrade requests (issue 70): one per student and manual item (or task's automatic part), filed with a reason and
/// answered once by a tutor, "kept" or with a new score that goes into <c>manual_scores</c> like any other (versioned,
/// in the audit list); every filing and answer is in the audit list too.
/// </summary>
public sealed class RegradeStore
{
    private readonly GradebookSql _sql;
    private readonly ManualScoreStore _scores;
    private readonly AuditLog _audit;

    internal RegradeStore(GradebookSql sql, ManualScoreStore scores, AuditLog audit)
    {
        _sql = sql;
        _scores = scores;
        _audit = audit;
    }

    /// <summary>
    /// Files a request; false (nothing written) when the student, or one of <paramref name="group"/> (the members of
    /// their group, a group's requests being one per item), already filed one for that item (<see cref="RegradeOf"/>).
    /// </summary>
    public bool FileRegrade(string student, string sheet, string task, string item, string reason, IReadOnlyCollection<string>? group = null)
    {
        using var transaction = _sql.Begin();
        if (RegradeOf(transaction, [student, .. group ?? []], task, item) is not null)
        {
            return false;
        }

        _sql.Execute(transaction, "INSERT INTO regrade_requests (student, sheet, task, item, reason, filed) VALUES ($s, $sheet, $task, $item, $reason, $at);",
            ("$s", student), ("$sheet", sheet), ("$task", task), ("$item", item), ("$reason", reason), ("$at", GradebookSql.Now()));
        _audit.Add(transaction, student, "regrade requested", sheet, student, item.Length == 0 ? $"{task} (automatic)" : $"{task} · {item}");
        transaction.Commit();
        return true;
    }

    /// <summary>
    /// The sheet's requests (open first, then answered; each oldest first), or one student's of the sheet, with those
    /// of <paramref name="group"/> (their group's other members: every member sees the group's requests and answers).
    /// </summary>
    public IReadOnlyList<RegradeRequest> Regrades(string sheet, string? student = null, IReadOnlyCollection<string>? group = null)
    {
        var all = Requests(null, "SELECT id, student, sheet, task, item, reason, filed, outcome, points, reply, tutor, answered FROM regrade_requests WHERE sheet = $sheet"
            + (student is null || group is { Count: > 0 } ? "" : " AND student = $s") + " ORDER BY outcome IS NOT NULL, id;", ("$sheet", sheet), ("$s", student));
        return student is null || group is not { Count: > 0 } ? all : all.Where(r => r.Student == student || group.Contains(r.Student)).ToArray();
    }

    /// <summary>Every sheet's requests (open first, then answered; each oldest first) filed by one of <paramref name="students"/> (every student's for null): what <see cref="CourseGrades.Of"/> derives from.</summary>
    internal IReadOnlyList<RegradeRequest> Regrades(IReadOnlySet<string>? students)
    {
        // One parameter, not one per student: a tutor's page asks for a sheet's 500 (issue 80).
        return Requests(null, "SELECT id, student, sheet, task, item, reason, filed, outcome, points, reply, tutor, answered FROM regrade_requests"
            + (students is null ? "" : " WHERE student IN (SELECT value FROM json_each($ids))") + " ORDER BY outcome IS NOT NULL, id;",
            students is null ? [] : [("$ids", JsonSerializer.Serialize(students))]);
    }

    /// <summary>The request one of <paramref name="students"/> (a student and their group's members) filed on the item, or null.</summary>
    public RegradeRequest? RegradeOf(IReadOnlyCollection<string> students, string task, string item) => RegradeOf(null, students, task, item);

    private RegradeRequest? RegradeOf(SqliteTransaction? transaction, IReadOnlyCollection<string> students, string task, string item) =>
        Requests(transaction, "SELECT id, student, sheet, task, item, reason, filed, outcome, points, reply, tutor, answered FROM regrade_requests WHERE task = $task AND item = $item ORDER BY id;",
            ("$task", task), ("$item", item)).FirstOrDefault(r => students.Contains(r.Student));

    /// <summary>One request by its number, or null.</summary>
    public RegradeRequest? Regrade(long id) =>
        Requests(null, "SELECT id, student, sheet, task, item, reason, filed, outcome, points, reply, tutor, answered FROM regrade_requests WHERE id = $id;", ("$id", id)).FirstOrDefault();

    /// <summary>
    /// Answers an open request: <paramref name="points"/> null keeps the score; a number gives the manual item that
    /// score (keeping its comment; a new version in the audit list, by <paramref name="tutor"/>). Returns false (nothing
    /// written) when the request is not open, or for new points on an automatic task. In a group course the new score is
    /// the group's hand-in's (<paramref name="handin"/>, issue 68), so it reaches every member; else the student's own.
    /// With <paramref name="seen"/> (the version of that score the tutor's page showed, 0 for none) the answer is also
    /// refused when the score moved since (another tutor's, a command's): checked and written in one transaction, so a
    /// "kept" never tells the student a score was kept that the tutor did not see.
    /// </summary>
    public bool AnswerRegrade(long id, double? points, string reply, string tutor, string? handin = null, long? seen = null)
    {
        using var transaction = _sql.Begin();
        var request = Requests(transaction, "SELECT id, student, sheet, task, item, reason, filed, outcome, points, reply, tutor, answered FROM regrade_requests WHERE id = $id;", ("$id", id)).FirstOrDefault();
        if (request is not { Open: true } || (points is not null && request.Automatic))
        {
            return false;
        }

        var outcome = points is null ? RegradeRequest.Kept : RegradeRequest.Changed;
        var scored = handin ?? request.Student;
        var standing = request.Automatic ? null : _scores.ManualScores(transaction, request.Task, request.Item).GetValueOrDefault(scored);
        if (seen is { } read && (standing?.Version ?? 0) != read)
        {
            return false;
        }

        if (points is { } given)
        {
            _scores.Set(transaction, new ManualScore(scored, request.Task, request.Item, given, standing?.Comment ?? ""), tutor);
        }

        // A kept answer stores the score it kept, so a page can tell the student when a later re-score replaced it.
        _sql.Execute(transaction, "UPDATE regrade_requests SET outcome = $outcome, points = $points, reply = $reply, tutor = $tutor, answered = $at WHERE id = $id;",
            ("$outcome", outcome), ("$points", points ?? standing?.Points), ("$reply", reply), ("$tutor", tutor), ("$at", GradebookSql.Now()), ("$id", id));
        _audit.Add(transaction, tutor, "regrade answered", request.Sheet, request.Student,
            $"{request.Title}: {outcome}{(points is { } p ? " → " + p.ToString(CultureInfo.InvariantCulture) : "")}");
        transaction.Commit();
        return true;
    }

    private List<RegradeRequest> Requests(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = _sql.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var requests = new List<RegradeRequest>();
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (reader.Read())
        {
            requests.Add(new RegradeRequest(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), Text(7), reader.IsDBNull(8) ? null : reader.GetDouble(8), Text(9), Text(10), Text(11)));
        }

        return requests;
    }
}
