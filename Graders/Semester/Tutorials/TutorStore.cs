namespace Grader.Semester;

/// <summary>
/// The tutors who may sign in to <c>grader serve</c> (<c>tutors</c>: only their token's hash) and the tutorials each
/// covers (issue 68, <c>tutor_tutorials</c>): <c>grader serve tutor add NAME --tutorial T</c> stores them here, and
/// <c>grader serve</c> shows those tutorials' hand-ins first on that tutor's grading pages.
/// </summary>
public sealed class TutorStore
{
    private readonly GradebookSql _sql;

    internal TutorStore(GradebookSql sql) => _sql = sql;

    /// <summary>Adds a tutor who may sign in to <c>grader serve</c>, or gives one a new token; stores only the token's hash.</summary>
    public void SetTutor(string name, string tokenHash) =>
        _sql.Execute(null, "INSERT INTO tutors (name, token_hash, created) VALUES ($name, $hash, $created) ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, created = excluded.created;",
            ("$name", name), ("$hash", tokenHash), ("$created", GradebookSql.Now()));

    /// <summary>Removes a tutor (a running <c>grader serve</c> ends their sessions on their next request); false when there is none of that name.</summary>
    public bool RemoveTutor(string name)
    {
        _sql.Execute(null, "DELETE FROM tutor_tutorials WHERE tutor = $name;", ("$name", name));
        using var command = _sql.Command(null, "DELETE FROM tutors WHERE name = $name;", ("$name", name));
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>Every tutor's name and token hash.</summary>
    public IReadOnlyList<(string Name, string TokenHash)> Tutors() => _sql.StringPairs("SELECT name, token_hash FROM tutors ORDER BY name;");

    /// <summary>Sets the tutorials <paramref name="tutor"/> covers to <paramref name="tutorials"/> (replacing the ones stored before).</summary>
    public void SetTutorials(string tutor, IReadOnlyCollection<string> tutorials)
    {
        ArgumentNullException.ThrowIfNull(tutorials);
        using var transaction = _sql.Begin();
        _sql.Execute(transaction, "DELETE FROM tutor_tutorials WHERE tutor = $tutor;", ("$tutor", tutor));
        foreach (var tutorial in tutorials.Distinct(StringComparer.Ordinal))
        {
            _sql.Execute(transaction, "INSERT INTO tutor_tutorials (tutor, tutorial) VALUES ($tutor, $tutorial);", ("$tutor", tutor), ("$tutorial", tutorial));
        }

        transaction.Commit();
    }

    /// <summary>The tutorials stored for <paramref name="tutor"/>, ordinal order (none when <c>tutor add</c> named none).</summary>
    public IReadOnlyList<string> TutorialsOf(string tutor) => _sql.Strings("SELECT tutorial FROM tutor_tutorials WHERE tutor = $tutor ORDER BY tutorial;", ("$tutor", tutor));
}
