using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// The course's memory across a semester, one SQLite file (<see cref="GradebookSchema"/>), opened and migrated here: this
/// owns its one connection and hands out the stores over it, one per table set — the recorded runs
/// (<see cref="RunStore"/>), the students, the manual scores, the audit list, releases and tokens, regrade requests,
/// inline comments, tutors — and the grades derived from them (<see cref="SemesterGrades"/>). A write that spans stores
/// (a regrade answer's score and its audit row) is one transaction. A sheet's current score is its latest run's; manual
/// scores live apart from runs, so a regrade never touches them.
/// </summary>
public sealed class CourseGradebook : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly GradebookSql _sql;

    private CourseGradebook(SqliteConnection connection)
    {
        _connection = connection;
        _sql = new GradebookSql(connection);
        Students = new StudentStore(_sql);
        Audit = new AuditLog(_sql);
        Scores = new ManualScoreStore(_sql, Students);
        Runs = new RunStore(_sql, Students, Scores);
        Releases = new ReleaseStore(_sql, Students, Audit);
        Regrades = new RegradeStore(_sql, Scores, Audit);
        Comments = new CommentStore(_sql, Audit);
        Tutors = new TutorStore(_sql);
        Grades = new SemesterGrades(this);
    }

    /// <summary>The recorded runs: their hand-ins, verdicts, times and changes.</summary>
    public RunStore Runs { get; }

    /// <summary>The students the gradebook knows.</summary>
    public StudentStore Students { get; }

    /// <summary>The manual scores, versioned, and their audit.</summary>
    public ManualScoreStore Scores { get; }

    /// <summary>The one audit list, and the reveals of names.</summary>
    public AuditLog Audit { get; }

    /// <summary>The sheets released to students and the students' tokens.</summary>
    public ReleaseStore Releases { get; }

    /// <summary>The students' regrade requests and their answers.</summary>
    public RegradeStore Regrades { get; }

    /// <summary>The tutors' inline comments.</summary>
    public CommentStore Comments { get; }

    /// <summary>The tutors who may sign in and their tutorials.</summary>
    public TutorStore Tutors { get; }

    /// <summary>The semester's grades derived from the stores, and the run's files written again from them.</summary>
    public SemesterGrades Grades { get; }

    /// <summary>Where the runs' parsed hand-in records are kept between reads (<see cref="RecordCache"/>); null, the default: each read parses them.</summary>
    public RecordCache? Records { get; set; }

    /// <summary>The grades of the sheets' runs last built for their files (<see cref="ReportCache"/>), shared between connections; null: built in full each time.</summary>
    public ReportCache? Reports { get; set; }

    /// <summary>The schema version the file had before it was opened (0 for a new file).</summary>
    public int OpenedVersion { get; private init; }

    /// <summary>Opens (or creates) the gradebook at <paramref name="path"/> and migrates it to the current schema.</summary>
    public static CourseGradebook Open(string path)
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
            return new CourseGradebook(connection) { OpenedVersion = version };
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
    internal long BusyTimeout() => (long)_sql.Scalar(null, "PRAGMA busy_timeout;")!;

    public void Dispose() => _connection.Dispose();
}
