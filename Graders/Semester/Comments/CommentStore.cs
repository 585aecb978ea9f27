using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// The tutors' inline comments (issue 70, item 4; <c>inline_comments</c>): one line of a hand-in's code or written
/// report, anchored by file, line and that line's text, with the comment. Writing and deleting one is audited in the
/// audit list (who, when, which hand-in, the anchor); a deleted comment keeps its row and is shown nowhere.
/// </summary>
public sealed class CommentStore
{
    private readonly GradebookSql _sql;
    private readonly AuditLog _audit;

    internal CommentStore(GradebookSql sql, AuditLog audit)
    {
        _sql = sql;
        _audit = audit;
    }

    /// <summary>Keeps a comment on line <paramref name="line"/> of <paramref name="file"/> of <paramref name="student"/>'s hand-in of <paramref name="sheet"/>; returns its id.</summary>
    public long AddComment(string sheet, string student, string file, int line, string lineText, string body, string tutor)
    {
        using var transaction = _sql.Begin();
        var id = Convert.ToInt64(_sql.Scalar(transaction,
            "INSERT INTO inline_comments (sheet, student, file, line, line_text, body, tutor, entered) VALUES ($sheet, $s, $file, $line, $text, $body, $tutor, $at); SELECT last_insert_rowid();",
            ("$sheet", sheet), ("$s", student), ("$file", file), ("$line", line), ("$text", lineText), ("$body", body), ("$tutor", tutor), ("$at", GradebookSql.Now())), CultureInfo.InvariantCulture);
        _audit.Add(transaction, tutor, AuditLog.CommentedAction, sheet, student, $"comment {id} on {file}, line {line}: {body}");
        transaction.Commit();
        return id;
    }

    /// <summary>Deletes comment <paramref name="id"/> (its row stays, marked); false when there is no such comment or it was deleted already.</summary>
    public bool DeleteComment(long id, string tutor)
    {
        using var transaction = _sql.Begin();
        if (Comment(transaction, id) is not { } comment)
        {
            return false;
        }

        _sql.Execute(transaction, "UPDATE inline_comments SET deleted_by = $tutor, deleted = $at WHERE id = $id;", ("$tutor", tutor), ("$at", GradebookSql.Now()), ("$id", id));
        _audit.Add(transaction, tutor, AuditLog.CommentDeletedAction, comment.Sheet, comment.Student, $"comment {id} on {comment.File}, line {comment.Line}");
        transaction.Commit();
        return true;
    }

    /// <summary>Comment <paramref name="id"/>, or null (none, or deleted).</summary>
    public StoredComment? Comment(long id) => Comment(null, id);

    /// <summary>The comments on <paramref name="student"/>'s hand-in of <paramref name="sheet"/> (deleted ones left out), in file, line and id order.</summary>
    public IReadOnlyList<StoredComment> Comments(string sheet, string student) =>
        ReadComments(null, "WHERE sheet = $sheet AND student = $s AND deleted IS NULL ORDER BY file, line, id", ("$sheet", sheet), ("$s", student));

    /// <summary>Every comment on hand-ins of <paramref name="sheet"/> (deleted ones left out), by hand-in, in file, line and id order.</summary>
    public ILookup<string, StoredComment> Comments(string sheet) =>
        ReadComments(null, "WHERE sheet = $sheet AND deleted IS NULL ORDER BY student, file, line, id", ("$sheet", sheet)).ToLookup(c => c.Student, StringComparer.Ordinal);

    /// <summary>Every sheet's comments (deleted ones left out) on the hand-ins <paramref name="handins"/> (every one for null), in file, line and id order: what <see cref="CourseGrades.Of"/> derives from.</summary>
    internal IReadOnlyList<StoredComment> Comments(IReadOnlySet<string>? handins)
    {
        // One parameter, not one per hand-in: a tutor's page asks for a sheet's 500 (issue 80).
        return ReadComments(null, "WHERE deleted IS NULL" + (handins is null ? "" : " AND student IN (SELECT value FROM json_each($ids))") + " ORDER BY file, line, id",
            handins is null ? [] : [("$ids", JsonSerializer.Serialize(handins))]);
    }

    /// <summary>
    /// <paramref name="report"/> with the comments on its hand-in (<paramref name="handin"/>; a group member's report
    /// carries the group's) placed on the hand-in as run <paramref name="folder"/> keeps it, each with its task
    /// (<see cref="HandinDocument.Place"/>: the feedback files show it under that task).
    /// </summary>
    internal static HandinReport WithComments(HandinReport report, IEnumerable<StoredComment> comments, string folder, string handin)
    {
        var list = comments.ToArray();
        if (list.Length == 0)
        {
            return report;
        }

        var document = HandinDocument.Of(folder, handin);
        return report with { Comments = document.Place(list, report.Tasks.Select(t => t.Task).ToArray()) };
    }

    private StoredComment? Comment(SqliteTransaction? transaction, long id) =>
        ReadComments(transaction, "WHERE id = $id AND deleted IS NULL", ("$id", id)).SingleOrDefault();

    private List<StoredComment> ReadComments(SqliteTransaction? transaction, string where, params (string, object?)[] parameters)
    {
        using var command = _sql.Command(transaction, "SELECT id, sheet, student, file, line, line_text, body, tutor, entered FROM inline_comments " + where + ";", parameters);
        using var reader = command.ExecuteReader();
        var comments = new List<StoredComment>();
        while (reader.Read())
        {
            comments.Add(new StoredComment(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5),
                reader.GetString(6), reader.GetString(7), reader.GetString(8)));
        }

        return comments;
    }
}
