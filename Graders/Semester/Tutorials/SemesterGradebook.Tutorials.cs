namespace Grader.Semester;

/// <summary>
/// Which tutorials each tutor covers (issue 68): <c>grader serve tutor add NAME --tutorial T</c> stores them here, and
/// <c>grader serve</c> shows those tutorials' hand-ins first on that tutor's grading pages.
/// </summary>
public sealed partial class SemesterGradebook
{
    /// <summary>Sets the tutorials <paramref name="tutor"/> covers to <paramref name="tutorials"/> (replacing the ones stored before).</summary>
    public void SetTutorials(string tutor, IReadOnlyCollection<string> tutorials)
    {
        ArgumentNullException.ThrowIfNull(tutorials);
        using var transaction = _connection.BeginTransaction();
        Execute(transaction, "DELETE FROM tutor_tutorials WHERE tutor = $tutor;", ("$tutor", tutor));
        foreach (var tutorial in tutorials.Distinct(StringComparer.Ordinal))
        {
            Execute(transaction, "INSERT INTO tutor_tutorials (tutor, tutorial) VALUES ($tutor, $tutorial);", ("$tutor", tutor), ("$tutorial", tutorial));
        }

        transaction.Commit();
    }

    /// <summary>The tutorials stored for <paramref name="tutor"/>, ordinal order (none when <c>tutor add</c> named none).</summary>
    public IReadOnlyList<string> TutorialsOf(string tutor) => Strings("SELECT tutorial FROM tutor_tutorials WHERE tutor = $tutor ORDER BY tutorial;", ("$tutor", tutor));
}
