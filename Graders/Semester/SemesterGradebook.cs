using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// The course's memory across a semester, one SQLite file (<see cref="GradebookSchema"/>): every recorded
/// <c>grader grade</c> run of every sheet with its seed, settings, per-check verdicts, per-task points and each hand-in's
/// submission time; the course's students; the tutor's manual scores and comments. A sheet's current score is its
/// latest run's; manual scores live apart from runs, so a regrade never touches them.
/// </summary>
public sealed partial class SemesterGradebook : IDisposable
{
    private readonly SqliteConnection _connection;

    private SemesterGradebook(SqliteConnection connection) => _connection = connection;

    /// <summary>Where the runs' parsed hand-in records are kept between reads (<see cref="RecordCache"/>); null, the default: each read parses them.</summary>
    public RecordCache? Records { get; set; }

    /// <summary>The grades of the sheets' runs last built for their files (<see cref="ReportCache"/>), shared between connections; null: built in full each time.</summary>
    public ReportCache? Reports { get; set; }

    /// <summary>The schema version the file had before it was opened (0 for a new file).</summary>
    public int OpenedVersion { get; private init; }

    /// <summary>Opens (or creates) the gradebook at <paramref name="path"/> and migrates it to the current schema.</summary>
    public static SemesterGradebook Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                // busy_timeout: SQLite's own busy handler, which retries a locked file after 1, 2, 5, 10 … 100 ms, up to
                // Microsoft.Data.Sqlite's command timeout (30 s). Without it the library retries a busy command only after
                // sleeping 150 ms, so a student's page that met a score's commit (a few ms) waited 150 or 300 ms: the p95 of
                // the 500-student benchmark (docs/measurements/2026-11-28-end-of-stop-77.md).
                pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
                pragma.ExecuteNonQuery();
            }

            var version = GradebookSchema.Migrate(connection);
            return new SemesterGradebook(connection) { OpenedVersion = version };
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new CourseFileException($"The semester gradebook '{full}' could not be opened: {e.Message}");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>How long SQLite's own busy handler waits for a locked file on this connection, in ms (PRAGMA busy_timeout).</summary>
    internal long BusyTimeout() => (long)Scalar(null, "PRAGMA busy_timeout;")!;

    private bool KnowsStudent(string student) => Scalar(null, "SELECT 1 FROM students WHERE student = $s;", ("$s", student)) is not null;

    /// <summary>The first column of the rows <paramref name="sql"/> selects, as strings.</summary>
    private IReadOnlyList<string> Strings(string sql, params (string, object?)[] parameters)
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
    private IReadOnlyList<(string, string)> StringPairs(string sql)
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

    private void Execute(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public void Dispose() => _connection.Dispose();
}
