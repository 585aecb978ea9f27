using Microsoft.Data.Sqlite;

namespace Grader.Cli.Semester;

/// <summary>
/// The course's memory across a semester, one SQLite file (<see cref="GradebookSchema"/>): every recorded
/// <c>grader grade</c> run of every sheet with its seed, settings, per-check verdicts, per-task points and each hand-in's
/// submission time; the course's students; the tutor's manual scores and comments. A sheet's current score is its
/// latest run's; manual scores live apart from runs, so a regrade never touches them.
/// </summary>
public sealed class SemesterGradebook : IDisposable
{
    private readonly SqliteConnection _connection;

    private SemesterGradebook(SqliteConnection connection) => _connection = connection;

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
                pragma.CommandText = "PRAGMA foreign_keys = ON;";
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

    /// <summary>Adds the course's students that the gradebook does not have yet.</summary>
    public void AddStudents(IEnumerable<string> students)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var student in students)
        {
            Execute(transaction, "INSERT OR IGNORE INTO students (student) VALUES ($s);", ("$s", student));
        }

        transaction.Commit();
    }

    /// <summary>
    /// Records one run of a sheet: its settings, every hand-in's per-check verdicts and per-task points and submission
    /// time. Returns the automatic scores that differ from the sheet's previous run (empty for the first run).
    /// </summary>
    public IReadOnlyList<ScoreChange> Record(GradingSummary summary, string folder, IReadOnlyDictionary<string, DateTimeOffset> submitted)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(submitted);
        var sheet = summary.Assignment.Id;
        var previous = LatestRun(sheet);
        using var transaction = _connection.BeginTransaction();
        var run = Convert.ToInt64(Scalar(transaction,
            "INSERT INTO runs (sheet, seed, settings, folder, started, recorded) VALUES ($sheet, $seed, $settings, $folder, $started, $recorded); SELECT last_insert_rowid();",
            ("$sheet", sheet), ("$seed", summary.Run.Seed.ToString(CultureInfo.InvariantCulture)),
            ("$settings", JsonSerializer.Serialize(summary.Run, WorkerProtocol.Json)), ("$folder", Path.GetFullPath(folder)),
            ("$started", summary.Run.Started.ToString("O", CultureInfo.InvariantCulture)), ("$recorded", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))), CultureInfo.InvariantCulture);
        foreach (var handin in summary.Handins)
        {
            Execute(transaction, "INSERT OR IGNORE INTO students (student) VALUES ($s);", ("$s", handin.Student));
            Execute(transaction, "INSERT INTO handins (run, student, status, content_hash, submitted) VALUES ($run, $s, $status, $hash, $submitted);",
                ("$run", run), ("$s", handin.Student), ("$status", handin.Status.ToString()), ("$hash", handin.ContentHash),
                ("$submitted", submitted.TryGetValue(handin.Student, out var at) ? at.ToString("O", CultureInfo.InvariantCulture) : null));
            foreach (var task in handin.Tasks)
            {
                Execute(transaction, "INSERT INTO task_points (run, student, task, points, max) VALUES ($run, $s, $task, $points, $max);",
                    ("$run", run), ("$s", handin.Student), ("$task", task.Task.Id), ("$points", task.Score), ("$max", task.MaxAuto));
                foreach (var check in task.Checks)
                {
                    Execute(transaction, "INSERT INTO check_verdicts (run, student, task, check_id, outcome, points, message) VALUES ($run, $s, $task, $check, $outcome, $points, $message);",
                        ("$run", run), ("$s", handin.Student), ("$task", task.Task.Id), ("$check", check.CheckId), ("$outcome", check.Result.Outcome.ToString()),
                        ("$points", task.Earned(check)), ("$message", check.Result.Message));
                }
            }
        }

        transaction.Commit();
        return previous is { } before ? Changes(before, run) : [];
    }

    /// <summary>Enters (or replaces) the tutor's score for one manual item of one student.</summary>
    public void SetManualScore(ManualScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        using var transaction = _connection.BeginTransaction();
        Execute(transaction, "INSERT OR IGNORE INTO students (student) VALUES ($s);", ("$s", score.Student));
        Execute(transaction,
            "INSERT INTO manual_scores (student, task, item, points, comment, entered) VALUES ($s, $task, $item, $points, $comment, $entered) "
            + "ON CONFLICT (student, task, item) DO UPDATE SET points = excluded.points, comment = excluded.comment, entered = excluded.entered;",
            ("$s", score.Student), ("$task", score.TaskId), ("$item", score.ItemId), ("$points", score.Points), ("$comment", score.Comment),
            ("$entered", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        transaction.Commit();
    }

    /// <summary>Every manual score entered, by student, task and item.</summary>
    public IReadOnlyList<ManualScore> ManualScores()
    {
        using var command = Command(null, "SELECT student, task, item, points, comment FROM manual_scores ORDER BY student, task, item;");
        using var reader = command.ExecuteReader();
        var scores = new List<ManualScore>();
        while (reader.Read())
        {
            scores.Add(new ManualScore(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4)));
        }

        return scores;
    }

    /// <summary>The students the gradebook knows (the course's and every graded one), ordinal order.</summary>
    public IReadOnlyList<string> Students() => Strings("SELECT student FROM students ORDER BY student;");

    /// <summary>The id of the sheet's latest recorded run, or null.</summary>
    public long? LatestRun(string sheet) => Scalar(null, "SELECT MAX(id) FROM runs WHERE sheet = $sheet;", ("$sheet", sheet)) is long id ? id : null;

    /// <summary>How many runs of the sheet are recorded.</summary>
    public int RunCount(string sheet) => Convert.ToInt32(Scalar(null, "SELECT COUNT(*) FROM runs WHERE sheet = $sheet;", ("$sheet", sheet)), CultureInfo.InvariantCulture);

    /// <summary>The output folder the run was graded into.</summary>
    public string? RunFolder(long run) => Scalar(null, "SELECT folder FROM runs WHERE id = $run;", ("$run", run)) as string;

    /// <summary>Per check id: how many hand-ins of the run failed it (passed ones not counted), most failed first.</summary>
    public IReadOnlyList<(string Check, int Failed)> MostFailed(long run)
    {
        using var command = Command(null, "SELECT task || ' · ' || check_id, COUNT(*) FROM check_verdicts WHERE run = $run AND outcome <> 'Passed' GROUP BY task, check_id ORDER BY COUNT(*) DESC, task, check_id;", ("$run", run));
        using var reader = command.ExecuteReader();
        var rows = new List<(string, int)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return rows;
    }

    /// <summary>Every student's semester: per course sheet the latest run's points, the manual scores, the late policy applied, and the admission status.</summary>
    public IReadOnlyList<StudentTotals> Totals(CourseFile course, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(catalog);
        var manual = ManualScores();
        var latest = course.Sheets.ToDictionary(s => s.Sheet, s => LatestRun(s.Sheet), StringComparer.Ordinal);
        var students = course.Students.Union(Students(), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return students.Select(student =>
        {
            var submitted = course.Sheets.ToDictionary(s => s.Sheet, s => latest[s.Sheet] is { } run ? Submitted(run, student) : null, StringComparer.Ordinal);
            var late = course.Late.Apply(student, course.Sheets, course.Extensions, sheet => submitted[sheet]);
            var sheets = course.Sheets.Select(s =>
            {
                var tasks = catalog.TasksOf(s.Sheet);
                var run = latest[s.Sheet];
                bool handedIn = run is { } r && HasHandin(r, student);
                double auto = handedIn ? Sum("SELECT TOTAL(points) FROM task_points WHERE run = $run AND student = $s;", ("$run", run!.Value), ("$s", student)) : 0;
                var mine = manual.Where(m => m.Student == student && tasks.Any(t => t.Id == m.TaskId)).ToArray();
                bool pending = handedIn && tasks.Any(t => t.Manual.Any(i => !mine.Any(m => m.TaskId == t.Id && m.ItemId == i.Id)));
                return new SheetTotal(s.Sheet, handedIn, auto, mine.Sum(m => m.Points), pending, late.First(l => l.Sheet == s.Sheet), catalog.MaxPoints(s.Sheet));
            }).ToArray();
            return new StudentTotals(student, sheets, course.Admission);
        }).ToArray();
    }

    /// <summary>The automatic scores that differ between two runs of a sheet: a student missing from the newer run has 0 for every task, one new to it is listed with no old score.</summary>
    public IReadOnlyList<ScoreChange> Changes(long before, long after)
    {
        var old = Points(before);
        var fresh = Points(after);
        var changes = new List<ScoreChange>();
        foreach (var key in old.Keys.Union(fresh.Keys).Order())
        {
            double? o = old.TryGetValue(key, out var a) ? a : null;
            double n = fresh.TryGetValue(key, out var b) ? b : 0;
            if (o is null || Math.Abs(o.Value - n) > 1e-9)
            {
                changes.Add(new ScoreChange(key.Student, key.Task, o, n));
            }
        }

        return changes;
    }

    private Dictionary<(string Student, string Task), double> Points(long run)
    {
        using var command = Command(null, "SELECT student, task, points FROM task_points WHERE run = $run;", ("$run", run));
        using var reader = command.ExecuteReader();
        var points = new Dictionary<(string, string), double>();
        while (reader.Read())
        {
            points[(reader.GetString(0), reader.GetString(1))] = reader.GetDouble(2);
        }

        return points;
    }

    private DateTimeOffset? Submitted(long run, string student) =>
        Scalar(null, "SELECT submitted FROM handins WHERE run = $run AND student = $s;", ("$run", run), ("$s", student)) is string text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;

    private bool HasHandin(long run, string student) =>
        Scalar(null, "SELECT 1 FROM handins WHERE run = $run AND student = $s;", ("$run", run), ("$s", student)) is not null;

    private double Sum(string sql, params (string, object?)[] parameters) =>
        Convert.ToDouble(Scalar(null, sql, parameters), CultureInfo.InvariantCulture);

    private IReadOnlyList<string> Strings(string sql)
    {
        using var command = Command(null, sql);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
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
