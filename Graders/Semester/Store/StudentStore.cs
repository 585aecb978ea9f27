using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>The course's students the gradebook knows (<c>students</c>): the course file's and every one a run graded or a score named.</summary>
public sealed class StudentStore
{
    private readonly GradebookSql _sql;

    internal StudentStore(GradebookSql sql) => _sql = sql;

    /// <summary>Adds the course's students that the gradebook does not have yet.</summary>
    public void AddStudents(IEnumerable<string> students)
    {
        using var transaction = _sql.Begin();
        foreach (var student in students)
        {
            Add(transaction, student);
        }

        transaction.Commit();
    }

    /// <summary>The students the gradebook knows (the course's and every graded one), ordinal order.</summary>
    public IReadOnlyList<string> Students() => _sql.Strings("SELECT student FROM students ORDER BY student;");

    /// <summary>True when the gradebook knows <paramref name="student"/>.</summary>
    internal bool Knows(string student) => _sql.Scalar(null, "SELECT 1 FROM students WHERE student = $s;", ("$s", student)) is not null;

    /// <summary>Adds <paramref name="student"/> in <paramref name="transaction"/> (the write that names them) unless known.</summary>
    internal void Add(SqliteTransaction transaction, string student) =>
        _sql.Execute(transaction, "INSERT OR IGNORE INTO students (student) VALUES ($s);", ("$s", student));
}
