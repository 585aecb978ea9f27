namespace Grader.Semester;

/// <summary>
/// The students' side of the gradebook (issue 70): which sheets are released to students (<c>sheet_releases</c>), the
/// students' sign-in tokens (<c>student_tokens</c>, only their SHA-256, as the tutors'); every release, withdrawal and
/// token issue is in the audit list.
/// </summary>
public sealed class ReleaseStore
{
    private readonly GradebookSql _sql;
    private readonly StudentStore _students;
    private readonly AuditLog _audit;

    internal ReleaseStore(GradebookSql sql, StudentStore students, AuditLog audit)
    {
        _sql = sql;
        _students = students;
        _audit = audit;
    }

    /// <summary>
    /// Releases <paramref name="sheet"/> to its students (their page shows it from now on) or, with
    /// <paramref name="release"/> false, withdraws it; audited with <paramref name="actor"/>. Returns false when the sheet
    /// already was in that state, or — with <paramref name="seen"/>, the <see cref="ReleaseVersion"/> the tutor's page
    /// read — when another release or withdrawal came since (nothing written; checked and written in one transaction).
    /// </summary>
    public bool Release(string sheet, string actor, bool release = true, long? seen = null)
    {
        using var transaction = _sql.Begin();
        var was = _sql.Scalar(transaction, "SELECT 1 FROM sheet_releases WHERE sheet = $sheet;", ("$sheet", sheet)) is not null;
        if (was == release || (seen is { } read && _audit.ReleaseVersion(transaction, sheet) != read))
        {
            return false;
        }

        var at = GradebookSql.Now();
        if (release)
        {
            _sql.Execute(transaction, "INSERT INTO sheet_releases (sheet, tutor, released) VALUES ($sheet, $tutor, $at);", ("$sheet", sheet), ("$tutor", actor), ("$at", at));
        }
        else
        {
            _sql.Execute(transaction, "DELETE FROM sheet_releases WHERE sheet = $sheet;", ("$sheet", sheet));
        }

        _audit.Add(transaction, actor, release ? AuditLog.ReleasedAction : AuditLog.WithdrawnAction, sheet, "", "");
        transaction.Commit();
        return true;
    }

    /// <summary>The version of <paramref name="sheet"/>'s release: the audit number of its last release or withdrawal, 0 for none.</summary>
    public long ReleaseVersion(string sheet) => _audit.ReleaseVersion(null, sheet);

    /// <summary>The released sheets, each with who released it and when (ISO 8601).</summary>
    public IReadOnlyDictionary<string, (string Tutor, string Released)> Releases()
    {
        using var command = _sql.Command(null, "SELECT sheet, tutor, released FROM sheet_releases;");
        using var reader = command.ExecuteReader();
        var releases = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            releases[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return releases;
    }

    /// <summary>True when <paramref name="sheet"/> is released to its students.</summary>
    public bool IsReleased(string sheet) => _sql.Scalar(null, "SELECT 1 FROM sheet_releases WHERE sheet = $sheet;", ("$sheet", sheet)) is not null;

    /// <summary>Gives each student a sign-in token (its hash stored; an earlier token of theirs no longer signs in), audited with <paramref name="actor"/>.</summary>
    public void SetStudentTokens(IReadOnlyList<(string Student, string TokenHash)> tokens, string actor)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        using var transaction = _sql.Begin();
        var at = GradebookSql.Now();
        foreach (var (student, hash) in tokens)
        {
            _students.Add(transaction, student);
            _sql.Execute(transaction, "INSERT INTO student_tokens (student, token_hash, created) VALUES ($s, $hash, $at) ON CONFLICT (student) DO UPDATE SET token_hash = excluded.token_hash, created = excluded.created;",
                ("$s", student), ("$hash", hash), ("$at", at));
            _audit.Add(transaction, actor, "student token issued", "", student, "");
        }

        transaction.Commit();
    }

    /// <summary>Every student's name and token hash.</summary>
    public IReadOnlyList<(string Name, string TokenHash)> StudentTokens() => _sql.StringPairs("SELECT student, token_hash FROM student_tokens ORDER BY student;");

    /// <summary>One student's token hash, or null.</summary>
    public string? StudentTokenHash(string student) => _sql.Scalar(null, "SELECT token_hash FROM student_tokens WHERE student = $s;", ("$s", student)) as string;
}
