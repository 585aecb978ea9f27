using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// Regrade requests (issue 70): one per student and manual item (or task's automatic part), filed with a reason and
/// answered once by a tutor, "kept" or with a new score that goes into <c>manual_scores</c> like any other (versioned,
/// in the audit list); every filing and answer is in the audit list too.
/// </summary>
public sealed partial class SemesterGradebook
{
    /// <summary>Files a request; false (nothing written) when the student already filed one for that item.</summary>
    public bool FileRegrade(string student, string sheet, string task, string item, string reason)
    {
        using var transaction = _connection.BeginTransaction();
        if (Scalar(transaction, "SELECT 1 FROM regrade_requests WHERE student = $s AND task = $task AND item = $item;", ("$s", student), ("$task", task), ("$item", item)) is not null)
        {
            return false;
        }

        Execute(transaction, "INSERT INTO regrade_requests (student, sheet, task, item, reason, filed) VALUES ($s, $sheet, $task, $item, $reason, $at);",
            ("$s", student), ("$sheet", sheet), ("$task", task), ("$item", item), ("$reason", reason), ("$at", Now()));
        AddAudit(transaction, student, "regrade requested", sheet, student, item.Length == 0 ? $"{task} (automatic)" : $"{task} · {item}");
        transaction.Commit();
        return true;
    }

    /// <summary>The sheet's requests (open first, then answered; each oldest first), or one student's of the sheet.</summary>
    public IReadOnlyList<RegradeRequest> Regrades(string sheet, string? student = null) =>
        Requests(null, "SELECT id, student, sheet, task, item, reason, filed, outcome, points, reply, tutor, answered FROM regrade_requests WHERE sheet = $sheet"
            + (student is null ? "" : " AND student = $s") + " ORDER BY outcome IS NOT NULL, id;", ("$sheet", sheet), ("$s", student));

    /// <summary>One request by its number, or null.</summary>
    public RegradeRequest? Regrade(long id) =>
        Requests(null, "SELECT id, student, sheet, task, item, reason, filed, outcome, points, reply, tutor, answered FROM regrade_requests WHERE id = $id;", ("$id", id)).FirstOrDefault();

    /// <summary>
    /// Answers an open request: <paramref name="points"/> null keeps the score; a number gives the manual item that
    /// score (keeping its comment; a new version in the audit list, by <paramref name="tutor"/>). Returns false (nothing
    /// written) when the request is not open, or for new points on an automatic task. In a group course the new score is
    /// the group's hand-in's (<paramref name="handin"/>, issue 68), so it reaches every member; else the student's own.
    /// </summary>
    public bool AnswerRegrade(long id, double? points, string reply, string tutor, string? handin = null)
    {
        using var transaction = _connection.BeginTransaction();
        var request = Requests(transaction, "SELECT id, student, sheet, task, item, reason, filed, outcome, points, reply, tutor, answered FROM regrade_requests WHERE id = $id;", ("$id", id)).FirstOrDefault();
        if (request is not { Open: true } || (points is not null && request.Automatic))
        {
            return false;
        }

        var outcome = points is null ? RegradeRequest.Kept : RegradeRequest.Changed;
        if (points is { } given)
        {
            var scored = handin ?? request.Student;
            var comment = ManualScores(transaction, request.Task, request.Item).GetValueOrDefault(scored)?.Comment ?? "";
            SetManualScore(transaction, new ManualScore(scored, request.Task, request.Item, given, comment), tutor);
        }

        Execute(transaction, "UPDATE regrade_requests SET outcome = $outcome, points = $points, reply = $reply, tutor = $tutor, answered = $at WHERE id = $id;",
            ("$outcome", outcome), ("$points", points), ("$reply", reply), ("$tutor", tutor), ("$at", Now()), ("$id", id));
        AddAudit(transaction, tutor, "regrade answered", request.Sheet, request.Student,
            $"{request.Title}: {outcome}{(points is { } p ? " → " + p.ToString(CultureInfo.InvariantCulture) : "")}");
        transaction.Commit();
        return true;
    }

    private List<RegradeRequest> Requests(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
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
