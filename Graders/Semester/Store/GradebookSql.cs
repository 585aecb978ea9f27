using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// The one connection of a gradebook file (<see cref="CourseGradebook"/>) as its stores use it: commands with their
/// parameters, one transaction a write that spans stores shares, and the readers of one or two string columns.
/// </summary>
internal sealed class GradebookSql(SqliteConnection connection)
{
    /// <summary>Begins the transaction a write commits (every store it spans writes in it).</summary>
    public SqliteTransaction Begin() => connection.BeginTransaction();

    /// <summary>The first column of the rows <paramref name="sql"/> selects, as strings.</summary>
    public IReadOnlyList<string> Strings(string sql, params (string, object?)[] parameters)
    {
        using var command = Command(null, sql, parameters);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>The first two columns of the rows <paramref name="sql"/> selects, as pairs of strings.</summary>
    public IReadOnlyList<(string, string)> StringPairs(string sql)
    {
        using var command = Command(null, sql);
        using var reader = command.ExecuteReader();
        var pairs = new List<(string, string)>();
        while (reader.Read())
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }

    public void Execute(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    public object? Scalar(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Now, as the gradebook stores a time (ISO 8601 UTC).</summary>
    public static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
