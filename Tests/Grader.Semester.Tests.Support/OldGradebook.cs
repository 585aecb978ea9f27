using Microsoft.Data.Sqlite;

namespace Grader.Semester.Tests.Support;

/// <summary>
/// A gradebook file as another grader left it (an older schema with its rows, or a newer version number): the SQL run
/// on a new file, as it is, with no migration, for the tests of what <c>CourseGradebook.Open</c> makes of it.
/// </summary>
internal static class OldGradebook
{
    /// <summary>Writes <c>semester.db</c> in <paramref name="scratch"/> by running <paramref name="sql"/>; returns its path.</summary>
    public static string Write(Scratch scratch, string sql)
    {
        var path = Path.Combine(scratch.Root, "semester.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return path;
    }
}
