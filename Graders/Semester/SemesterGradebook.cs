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
    /// Records one run of a sheet: its settings, every hand-in's record (the verdicts the semester rebuilds its grade
    /// from), per-check verdicts, per-task points and submission time, and the run's manual scores (the rubric CSV it
    /// was graded with) into the one store of manual scores, where they replace the same items' earlier scores and leave
    /// every other score as it was. Returns the automatic scores that differ from the sheet's previous run (empty for the
    /// first run). A run already recorded (the same folder and start) is refused and nothing changes.
    /// <paramref name="submitted"/> holds the LMS file's times (they decide); <paramref name="claimed"/> the times the
    /// hand-ins carry (shown as claimed, deciding nothing); without an LMS time the late policy counts from the time the
    /// grader first saw the hand-in's code (<see cref="Times"/>).
    /// </summary>
    public IReadOnlyList<ScoreChange> Record(RecordedRun recorded, IReadOnlyDictionary<string, DateTimeOffset> submitted, IReadOnlyDictionary<string, DateTimeOffset>? claimed = null)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(submitted);
        claimed ??= new Dictionary<string, DateTimeOffset>();
        var summary = recorded.Summary();
        var sheet = summary.Assignment.Id;
        var started = summary.Run.Started.ToString("O", CultureInfo.InvariantCulture);
        if (Scalar(null, "SELECT id FROM runs WHERE folder = $folder AND started = $started;", ("$folder", recorded.Folder), ("$started", started)) is long already)
        {
            throw new CourseFileException($"'{recorded.Folder}' (started {summary.Run.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC) is already recorded as run {already}; nothing changed.");
        }

        var previous = LatestRun(sheet);
        using var transaction = _connection.BeginTransaction();
        var run = Convert.ToInt64(Scalar(transaction,
            "INSERT INTO runs (sheet, seed, settings, folder, started, recorded) VALUES ($sheet, $seed, $settings, $folder, $started, $recorded); SELECT last_insert_rowid();",
            ("$sheet", sheet), ("$seed", summary.Run.Seed.ToString(CultureInfo.InvariantCulture)),
            ("$settings", JsonSerializer.Serialize(summary.Run, WorkerProtocol.Json)), ("$folder", recorded.Folder),
            ("$started", started), ("$recorded", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))), CultureInfo.InvariantCulture);
        var records = recorded.Records.ToDictionary(r => r.Student, StringComparer.Ordinal);
        foreach (var handin in summary.Handins)
        {
            Execute(transaction, "INSERT OR IGNORE INTO students (student) VALUES ($s);", ("$s", handin.Student));
            Execute(transaction, "INSERT INTO handins (run, student, status, content_hash, submitted, claimed, observed, record) VALUES ($run, $s, $status, $hash, $submitted, $claimed, 1, $record);",
                ("$run", run), ("$s", handin.Student), ("$status", handin.Status.ToString()), ("$hash", handin.ContentHash),
                ("$submitted", submitted.TryGetValue(handin.Student, out var at) ? at.ToString("O", CultureInfo.InvariantCulture) : null),
                ("$claimed", claimed.TryGetValue(handin.Student, out var says) ? says.ToString("O", CultureInfo.InvariantCulture) : null),
                ("$record", JsonSerializer.Serialize(records[handin.Student], WorkerProtocol.Json)));
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

        // The rubric CSV's scores (summed per item, as a run counts them) join the one store of manual scores.
        foreach (var item in recorded.File.Manual.GroupBy(m => (m.Student, m.TaskId, m.ItemId)))
        {
            var comment = string.Join(" ", item.Select(m => m.Comment.Trim()).Where(c => c.Length > 0));
            SetManualScore(transaction, new ManualScore(item.Key.Student, item.Key.TaskId, item.Key.ItemId, item.Sum(m => m.Points), comment), RubricCsv);
        }

        transaction.Commit();
        return previous is { } before ? Changes(before, run) : [];
    }

    /// <summary>Who the audit list names for a score the rubric CSV of a recorded run gave.</summary>
    public const string RubricCsv = "rubric CSV";

    /// <summary>Enters (or replaces) the tutor's score for one manual item of one student; <paramref name="tutor"/> is who the audit list names.</summary>
    public void SetManualScore(ManualScore score, string tutor = "semester score")
    {
        ArgumentNullException.ThrowIfNull(score);
        using var transaction = _connection.BeginTransaction();
        SetManualScore(transaction, score, tutor);
        transaction.Commit();
    }

    /// <summary>
    /// Gives one score to one item of several students (an answer group), each on the version of their score the tutor
    /// saw (0 for none): when any of them has a newer version, nothing is written and their current entries are returned;
    /// otherwise every score is written, each with the next version and an audit entry, and committed before this returns.
    /// </summary>
    public IReadOnlyList<ManualScoreEntry> Score(IReadOnlyList<(string Student, long Seen)> students, string task, string item, double points, string comment, string tutor) =>
        Score(students, task, item, points, comment, tutor, _ => "");

    /// <summary>
    /// <see cref="Score(IReadOnlyList{ValueTuple{string, long}}, string, string, double, string, string)"/> with a note on
    /// each audit entry (<paramref name="note"/> of the score it replaces, null for none: "replaced ana's 1, confirmed").
    /// </summary>
    public IReadOnlyList<ManualScoreEntry> Score(IReadOnlyList<(string Student, long Seen)> students, string task, string item, double points, string comment, string tutor, Func<ManualScoreEntry?, string> note)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(students);
        using var transaction = _connection.BeginTransaction();
        var current = ManualScores(transaction, task, item);
        var stale = students.Where(s => (current.TryGetValue(s.Student, out var c) ? c.Version : 0) != s.Seen).Select(s => current.GetValueOrDefault(s.Student) ?? new ManualScoreEntry(s.Student, task, item, 0, "", "", "", 0)).ToArray();
        if (stale.Length > 0)
        {
            return stale;
        }

        foreach (var (student, _) in students)
        {
            SetManualScore(transaction, new ManualScore(student, task, item, points, comment), tutor, note(current.GetValueOrDefault(student)));
        }

        transaction.Commit();
        return [];
    }

    /// <summary>The current score of every student who has one for the item, by student.</summary>
    public IReadOnlyDictionary<string, ManualScoreEntry> ManualScores(string task, string item) => ManualScores(null, task, item);

    private Dictionary<string, ManualScoreEntry> ManualScores(SqliteTransaction? transaction, string task, string item) =>
        Entries(transaction, "SELECT student, task, item, points, comment, tutor, entered, version FROM manual_scores WHERE task = $task AND item = $item;", ("$task", task), ("$item", item))
            .ToDictionary(e => e.Student, StringComparer.Ordinal);

    /// <summary>The audit list of one student's item: every score it was given, oldest first.</summary>
    public IReadOnlyList<ManualScoreEntry> Audit(string student, string task, string item) =>
        Entries(null, $"SELECT {AuditedScore} FROM audit WHERE action = '{ScoredAction}' AND student = $s AND task = $task AND item = $item ORDER BY version, id;",
            ("$s", student), ("$task", task), ("$item", item));

    /// <summary>The audit list of one item over every student, oldest first (the statistics' "changed after" count reads it).</summary>
    public IReadOnlyList<ManualScoreEntry> Audit(string task, string item) =>
        Entries(null, $"SELECT {AuditedScore} FROM audit WHERE action = '{ScoredAction}' AND task = $task AND item = $item ORDER BY id;",
            ("$task", task), ("$item", item));

    /// <summary>
    /// Logs that <paramref name="tutor"/> showed (true) or hid (false) the students' names on <paramref name="sheet"/>'s
    /// grading pages; false (nothing written) when their names already were in that state (a second tab's form, read
    /// before the first one's reveal): the state read and the write in one transaction.
    /// </summary>
    public bool RevealNames(string sheet, string tutor, bool shown)
    {
        using var transaction = _connection.BeginTransaction();
        var last = Scalar(transaction, "SELECT action FROM audit WHERE sheet = $sheet AND actor = $tutor AND action IN ($shown, $hidden) ORDER BY id DESC LIMIT 1;",
            ("$sheet", sheet), ("$tutor", tutor), ("$shown", NamesShownAction), ("$hidden", NamesHiddenAction)) as string;
        if ((last == NamesShownAction) == shown)
        {
            return false;
        }

        Execute(transaction, "INSERT INTO audit (at, actor, action, sheet, student, detail) VALUES ($at, $tutor, $action, $sheet, '', '');",
            ("$sheet", sheet), ("$tutor", tutor), ("$action", shown ? NamesShownAction : NamesHiddenAction), ("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        transaction.Commit();
        return true;
    }

    /// <summary>Every reveal and hiding of names on <paramref name="sheet"/>, oldest first: who, shown or hidden, when (ISO 8601 UTC).</summary>
    public IReadOnlyList<(string Tutor, bool Shown, string Entered)> NameReveals(string sheet)
    {
        using var command = Command(null, "SELECT actor, action, at FROM audit WHERE sheet = $sheet AND action IN ($shown, $hidden) ORDER BY id;",
            ("$sheet", sheet), ("$shown", NamesShownAction), ("$hidden", NamesHiddenAction));
        using var reader = command.ExecuteReader();
        var reveals = new List<(string, bool, string)>();
        while (reader.Read())
        {
            reveals.Add((reader.GetString(0), reader.GetString(1) == NamesShownAction, reader.GetString(2)));
        }

        return reveals;
    }

    private List<ManualScoreEntry> Entries(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<ManualScoreEntry>();
        while (reader.Read())
        {
            entries.Add(new ManualScoreEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetInt64(7))
            {
                Note = reader.FieldCount > 8 ? reader.GetString(8) : "",
            });
        }

        return entries;
    }

    private void SetManualScore(SqliteTransaction transaction, ManualScore score, string tutor, string note = "")
    {
        var entered = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        Execute(transaction, "INSERT OR IGNORE INTO students (student) VALUES ($s);", ("$s", score.Student));
        Execute(transaction,
            "INSERT INTO manual_scores (student, task, item, points, comment, entered, version, tutor) VALUES ($s, $task, $item, $points, $comment, $entered, 1, $tutor) "
            + "ON CONFLICT (student, task, item) DO UPDATE SET points = excluded.points, comment = excluded.comment, entered = excluded.entered, "
            + "version = manual_scores.version + 1, tutor = excluded.tutor;",
            ("$s", score.Student), ("$task", score.TaskId), ("$item", score.ItemId), ("$points", score.Points), ("$comment", score.Comment),
            ("$entered", entered), ("$tutor", tutor));
        Execute(transaction,
            "INSERT INTO audit (at, actor, action, sheet, student, detail, task, item, version, points, comment, note) "
            + "SELECT entered, tutor, $action, $sheet, student, '', task, item, version, points, comment, $note FROM manual_scores WHERE student = $s AND task = $task AND item = $item;",
            ("$s", score.Student), ("$task", score.TaskId), ("$item", score.ItemId), ("$note", note), ("$action", ScoredAction), ("$sheet", SheetOf(score.TaskId)));
    }

    /// <summary>Adds a tutor who may sign in to <c>grader serve</c>, or gives one a new token; stores only the token's hash.</summary>
    public void SetTutor(string name, string tokenHash) =>
        Execute(null, "INSERT INTO tutors (name, token_hash, created) VALUES ($name, $hash, $created) ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, created = excluded.created;",
            ("$name", name), ("$hash", tokenHash), ("$created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));

    /// <summary>Removes a tutor (a running <c>grader serve</c> ends their sessions on their next request); false when there is none of that name.</summary>
    public bool RemoveTutor(string name)
    {
        Execute(null, "DELETE FROM tutor_tutorials WHERE tutor = $name;", ("$name", name));
        using var command = Command(null, "DELETE FROM tutors WHERE name = $name;", ("$name", name));
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>Every tutor's name and token hash.</summary>
    public IReadOnlyList<(string Name, string TokenHash)> Tutors() => StringPairs("SELECT name, token_hash FROM tutors ORDER BY name;");

    /// <summary>The students with a hand-in in the run, ordinal order.</summary>
    public IReadOnlyList<string> Handins(long run) => Strings("SELECT student FROM handins WHERE run = $run ORDER BY student;", ("$run", run));

    /// <summary>The run's verdicts of one task: per student, each check's outcome, points and message.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StoredVerdict>> Verdicts(long run, string task)
    {
        using var command = Command(null, "SELECT student, check_id, outcome, points, message FROM check_verdicts WHERE run = $run AND task = $task ORDER BY student, check_id;", ("$run", run), ("$task", task));
        using var reader = command.ExecuteReader();
        var verdicts = new Dictionary<string, List<StoredVerdict>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var student = reader.GetString(0);
            if (!verdicts.TryGetValue(student, out var list))
            {
                verdicts[student] = list = [];
            }

            list.Add(new StoredVerdict(reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4)));
        }

        return verdicts.ToDictionary(p => p.Key, p => (IReadOnlyList<StoredVerdict>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>Every manual score entered, by student, task and item.</summary>
    public IReadOnlyList<ManualScore> ManualScores() => ManualScores(null);

    /// <summary>The manual scores of the hand-ins <paramref name="handins"/> names (every one for null), by student, task and item.</summary>
    private List<ManualScore> ManualScores(IReadOnlySet<string>? handins)
    {
        using var command = handins is null
            ? Command(null, "SELECT student, task, item, points, comment FROM manual_scores ORDER BY student, task, item;")
            : Command(null, "SELECT student, task, item, points, comment FROM manual_scores WHERE student IN (SELECT value FROM json_each($ids)) ORDER BY student, task, item;", ("$ids", JsonSerializer.Serialize(handins)));
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

    /// <summary>True when <paramref name="recorded"/> (a folder as it is now) is the recorded run <paramref name="run"/>, not a later run graded into the same folder.</summary>
    public bool IsRun(long run, RecordedRun recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return Scalar(null, "SELECT started FROM runs WHERE id = $run AND folder = $folder;", ("$run", run), ("$folder", recorded.Folder)) is string started
            && started == recorded.File.Run.Started.ToString("O", CultureInfo.InvariantCulture);
    }

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

    /// <summary>
    /// Every student's semester: per course sheet the hand-in's grade, rebuilt from the sheet's latest recorded run
    /// (<see cref="HandinRecord.ToReport"/>) with the gradebook's manual scores and the late policy applied, and the
    /// admission status. A sheet without a recorded run is not graded yet.
    /// </summary>
    public IReadOnlyList<StudentTotals> Totals(CourseFile course, CourseCatalog catalog) => TotalsOf(course, catalog, null);

    /// <summary>
    /// One student's semester, the same numbers as their row of <see cref="Totals(CourseFile, CourseCatalog)"/> (the
    /// students' pages of <c>grader serve</c> read it on every request): only the hand-ins that can be the student's (their
    /// own and their groups') are read from each sheet's latest run, and only those hand-ins' manual scores. Null when the
    /// gradebook's whole-course totals would have no row for <paramref name="student"/>.
    /// </summary>
    /// <param name="phase">Times a named step until the result is disposed (a benchmark's profile, as <see cref="PrepareRender"/>'s); null times nothing.</param>
    public StudentTotals? Totals(CourseFile course, CourseCatalog catalog, string student, Func<string, IDisposable?>? phase = null)
    {
        ArgumentNullException.ThrowIfNull(student);
        return TotalsOf(course, catalog, [student], phase).SingleOrDefault();
    }

    private StudentTotals[] TotalsOf(CourseFile course, CourseCatalog catalog, IReadOnlyCollection<string>? only, Func<string, IDisposable?>? phase = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(catalog);
        // A group course (issue 68): a member's hand-in for a sheet is their group's of that sheet when it handed in, else
        // their own; the group ids the runs recorded are no students. The late policy is then the member's (their grace
        // days, their extensions) over the group hand-in's time.
        var rosters = course.Sheets.ToDictionary(s => s.Sheet, s => Grader.Grading.Groups.GroupRoster.Of(course.Semester, s.Sheet), StringComparer.Ordinal);
        var groupIds = rosters.Values.OfType<Grader.Grading.Groups.GroupRoster>().SelectMany(r => r.Groups).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        // For one student: the hand-ins that can be theirs (their own, their group's of each sheet); null reads every one.
        HashSet<string>? handinIds = only is null ? null
            : only.Concat(only.SelectMany(student => rosters.Values.Select(r => r?.GroupOf(student)?.Id).OfType<string>())).ToHashSet(StringComparer.Ordinal);
        ManualGrades manual;
        using (phase?.Invoke("manual scores"))
        {
            manual = new ManualGrades(ManualScores(handinIds));
        }

        var latest = course.Sheets.ToDictionary(s => s.Sheet, s => LatestRun(s.Sheet) is { } id ? Run(id, catalog, course.Path, handinIds, phase) : null, StringComparer.Ordinal);
        using var grades = phase?.Invoke("grades");
        var students = only is null
            ? course.Students.Union(Students().Where(s => !groupIds.Contains(s)), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()
            : only.Where(s => !groupIds.Contains(s) && (course.Students.Contains(s, StringComparer.Ordinal) || KnowsStudent(s))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        string HandinOf(string student, string sheet) =>
            rosters[sheet]?.GroupOf(student) is { } group && latest[sheet]?.Handins.ContainsKey(group.Id) == true ? group.Id : student;
        return students.Select(student =>
        {
            HandinTimes? TimesOf(string sheet) => latest[sheet]?.Handins.TryGetValue(HandinOf(student, sheet), out var handin) == true ? handin.Times : null;
            var late = course.Late.Apply(student, course.Sheets, course.Extensions, sheet => TimesOf(sheet)?.Deciding);
            var sheets = course.Sheets.Select(s =>
            {
                var outcome = late.First(l => l.Sheet == s.Sheet);
                if (TimesOf(s.Sheet) is { } times)
                {
                    outcome = outcome with { TimeSource = times.Source, Claimed = times.Claimed };
                }

                var run = latest[s.Sheet];
                var report = run is null ? null
                    : run.Handins.TryGetValue(HandinOf(student, s.Sheet), out var handin) ? handin.Record.ToReport(run.Config, manual, [outcome]) with { Student = student }
                    // A hand-in the run refused keeps the manual scores recorded for the student, like a graded one.
                    : run.Refused.TryGetValue(HandinOf(student, s.Sheet), out var reason) ? HandinGrade.Of(RefusedHandin.Report(student, reason, run.Config), manual, [outcome])
                    : null;
                // The one maximum: the run's (HandinReport.Max; --skip-check leaves a check's points out of it), also for a student it did not grade.
                return new SheetTotal(s.Sheet, run is not null, report, outcome, report?.Max ?? (run is null ? catalog.MaxPoints(s.Sheet) : RefusedHandin.Maximum(run.Config)));
            }).ToArray();
            return new StudentTotals(student, sheets, course.Admission);
        }).ToArray();
    }

    /// <summary>How long SQLite's own busy handler waits for a locked file on this connection, in ms (PRAGMA busy_timeout).</summary>
    internal long BusyTimeout() => (long)Scalar(null, "PRAGMA busy_timeout;")!;

    private bool KnowsStudent(string student) => Scalar(null, "SELECT 1 FROM students WHERE student = $s;", ("$s", student)) is not null;

    /// <summary>
    /// Writes the run's files (each student's, the gradebooks, junit.xml, summary.md) again from the semester's grades of
    /// its hand-ins: the run's verdicts with the gradebook's manual scores and the late policy. Returns those grades. With
    /// <paramref name="students"/>, only those students' own files are written again (and all of the run's).
    /// </summary>
    public IReadOnlyList<HandinReport> Render(CourseFile file, CourseCatalog catalog, RecordedRun recorded, IReadOnlyCollection<string>? students = null)
    {
        var (reports, write) = PrepareRender(file, catalog, recorded, students);
        write();
        return reports;
    }

    /// <summary>
    /// <see cref="Render"/> of the sheet's latest run, where its folder still holds that run (not a later run graded into
    /// the same folder): the folder written again, or null when there was none to write.
    /// </summary>
    public string? RenderLatestRun(CourseFile file, CourseCatalog catalog, string sheet)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (LatestRun(sheet) is not { } latest || RunFolder(latest) is not { } folder || !Directory.Exists(folder))
        {
            return null;
        }

        var recorded = RecordedRun.Load(folder, catalog, file.Path);
        if (!IsRun(latest, recorded))
        {
            return null;
        }

        Render(file, catalog, recorded);
        return folder;
    }

    /// <summary>
    /// <see cref="Render"/> in two steps: what needs the gradebook (the grades, the manual scores, the comments), read
    /// now; and the files, written when the returned action runs (it reads no gradebook: a caller may run it after
    /// letting go of the gradebook's connection, as <c>grader serve</c> does so that its student pages are not held up).
    /// </summary>
    /// <param name="phase">
    /// Times a named step until the result is disposed (the grades, the manual scores, each reporter's files): a
    /// benchmark's profile of a write; null (the default) times nothing.
    /// </param>
    public (IReadOnlyList<HandinReport> Reports, Action Write) PrepareRender(CourseFile file, CourseCatalog catalog, RecordedRun recorded, IReadOnlyCollection<string>? students = null, Func<string, IDisposable?>? phase = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(recorded);
        // A group course's run writes a member's files from the group's hand-in: the students a score names (the run's
        // hand-ins, group ids among them) are not the members' folders, so all are written again there.
        var roster = Grader.Grading.Groups.GroupRoster.Of(file.Semester, recorded.Sheet);
        // A refused hand-in's grade is not a record of the run: its files get it from the run's problems (RefusedHandin.Reports).
        HandinReport[] reports;
        using (phase?.Invoke("grades"))
        {
            reports = SheetReports(file, catalog, recorded, roster, phase)
                .Where(r => r.Status != HandinStatus.Refused)
                .ToArray();
        }

        var tasks = recorded.Config.Assignment.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        ManualGrades manual;
        using (phase?.Invoke("manual scores"))
        {
            manual = new ManualGrades(ManualScores().Where(m => tasks.Contains(m.TaskId)).ToArray());
        }

        return (reports, () =>
        {
            GradingSummary summary;
            using (phase?.Invoke("summary"))
            {
                summary = recorded.Summary(reports, manual) with { Roster = roster };
            }

            recorded.Render(summary, roster is null ? students : null, phase);
        });
    }

    /// <summary>
    /// Every student's grade of <paramref name="recorded"/>'s sheet with the tutors' inline comments placed on the code and
    /// report the run keeps (a member's are their group's), in student order: built from the whole course's totals, or,
    /// with a <see cref="ReportCache"/> (<see cref="Reports"/>) in a course without groups, only the hand-ins whose
    /// <see cref="HandinStamps"/> changed since the last build are built again.
    /// </summary>
    private IReadOnlyList<HandinReport> SheetReports(CourseFile file, CourseCatalog catalog, RecordedRun recorded, Grader.Grading.Groups.GroupRoster? roster, Func<string, IDisposable?>? phase)
    {
        var sheet = recorded.Sheet;
        if (Reports is not { } cache || LatestRun(sheet) is not { } run
            || file.Sheets.Any(s => Grader.Grading.Groups.GroupRoster.Of(file.Semester, s.Sheet) is not null))
        {
            var comments = Comments(sheet);
            var handins = recorded.Records.Select(r => r.Student).ToHashSet(StringComparer.Ordinal);
            string HandinOf(string student) => roster?.GroupOf(student) is { } group && handins.Contains(group.Id) ? group.Id : student;
            return Totals(file, catalog)
                .Select(t => t.Sheets.First(s => s.Sheet == sheet).Report)
                .OfType<HandinReport>()
                .Select(r => WithComments(r, comments[HandinOf(r.Student)], recorded.Folder, HandinOf(r.Student)))
                .ToArray();
        }

        // The stamps are read before the grades: a score committed in between is in the grade and not in its stamp, so
        // the next write builds that grade again (never the other way round: a stamp newer than its grade).
        var key = string.Join(",", file.Sheets.Select(s => $"{s.Sheet}={LatestRun(s.Sheet)}")) + "|" + recorded.Folder;
        IReadOnlyDictionary<string, string> stamps;
        using (phase?.Invoke("grades: stamps"))
        {
            stamps = HandinStamps(run, sheet);
        }

        var grades = cache.Get(sheet, key, file, catalog, stamps, stale =>
        {
            using var built = phase?.Invoke("grades: built again");
            var comments = Comments(sheet);
            return TotalsOf(file, catalog, stale).ToDictionary(t => t.Student,
                t => t.Sheets.First(s => s.Sheet == sheet).Report is { } r ? WithComments(r, comments[r.Student], recorded.Folder, r.Student) : null,
                StringComparer.Ordinal);
        });
        return grades.Keys.Order(StringComparer.Ordinal).Select(s => grades[s]).OfType<HandinReport>().ToArray();
    }

    /// <summary>
    /// Per hand-in of run <paramref name="run"/> (of <paramref name="sheet"/>), a stamp of what its grade reads from the
    /// gradebook beyond the run: the student's manual scores (how many, the sum of their versions: a score only ever
    /// raises its version, and none is deleted) and the comments on the hand-in (how many, how many deleted: a comment is
    /// only added or marked deleted). Any score, regrade answer or comment changes exactly its student's stamp.
    /// </summary>
    public IReadOnlyDictionary<string, string> HandinStamps(long run, string sheet)
    {
        using var command = Command(null,
            "SELECT h.student, "
            + "(SELECT COUNT(*) || ':' || IFNULL(SUM(m.version), 0) FROM manual_scores m WHERE m.student = h.student), "
            + "(SELECT COUNT(*) || ':' || COUNT(c.deleted) FROM inline_comments c WHERE c.sheet = $sheet AND c.student = h.student) "
            + "FROM handins h WHERE h.run = $run;",
            ("$run", run), ("$sheet", sheet));
        using var reader = command.ExecuteReader();
        var stamps = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            stamps[reader.GetString(0)] = reader.GetString(1) + "/" + reader.GetString(2);
        }

        return stamps;
    }

    /// <summary>
    /// One recorded run as the semester reads it: its configuration, each hand-in's record and times, and the inputs it
    /// refused with their reasons (from its folder's run.json; none when the folder is gone).
    /// </summary>
    private sealed record StoredRun(long Id, string Folder, GradingConfig Config, IReadOnlyDictionary<string, (HandinRecord Record, HandinTimes Times)> Handins, IReadOnlyDictionary<string, string> Refused);

    /// <summary>
    /// The times of each hand-in of run <paramref name="run"/>: the LMS file's time where it was given, else the start of
    /// the sheet's earliest recorded run, up to this one, whose hand-in of the student had the same code (a later run of
    /// unchanged code keeps the first time; changed code gets its run's); and the time the hand-in claims. A hand-in
    /// recorded by a grader before these times keeps the time it was recorded with.
    /// <para>
    /// Code already there in the sheet's first recorded run has no observed time (<see cref="HandinTimes.FirstLook"/>):
    /// the grader had not looked before, so that run's start says only that the code existed by then, not when it came.
    /// Counting from it would make every hand-in of a first run after the deadline late (the usual case: tutors grade
    /// after the deadline); such a hand-in is counted as on time, and the tutor is told to grade at the deadline (a run
    /// recorded then observes what was there) or to pass the LMS file.
    /// </para>
    /// </summary>
    public IReadOnlyDictionary<string, HandinTimes> Times(long run) => Times(run, null);

    /// <summary><see cref="Times(long)"/> of the hand-ins <paramref name="handins"/> names (every one for null).</summary>
    private Dictionary<string, HandinTimes> Times(long run, IReadOnlySet<string>? handins)
    {
        var ids = handins is null ? null : JsonSerializer.Serialize(handins);
        const string Only = " AND (json($ids) IS NULL OR {0} IN (SELECT value FROM json_each($ids)))";
        var firstSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        using (var seen = Command(null,
            "SELECT h.student, r.started FROM handins h JOIN runs r ON r.id = h.run JOIN handins c ON c.run = $run AND c.student = h.student "
            + "WHERE r.sheet = (SELECT sheet FROM runs WHERE id = $run) AND r.id <= $run AND c.content_hash <> '' AND h.content_hash = c.content_hash"
            + string.Format(CultureInfo.InvariantCulture, Only, "c.student") + ";",
            ("$run", run), ("$ids", ids)))
        using (var reader = seen.ExecuteReader())
        {
            while (reader.Read())
            {
                var at = Time(reader.GetString(1));
                if (!firstSeen.TryGetValue(reader.GetString(0), out var first) || at < first)
                {
                    firstSeen[reader.GetString(0)] = at;
                }
            }
        }

        DateTimeOffset? firstLook = null;
        using (var looks = Command(null, "SELECT started FROM runs WHERE sheet = (SELECT sheet FROM runs WHERE id = $run) AND id <= $run;", ("$run", run)))
        using (var reader = looks.ExecuteReader())
        {
            while (reader.Read())
            {
                var at = Time(reader.GetString(0));
                if (firstLook is null || at < firstLook) firstLook = at;
            }
        }

        var times = new Dictionary<string, HandinTimes>(StringComparer.Ordinal);
        using var command = Command(null, "SELECT student, submitted, claimed, observed FROM handins WHERE run = $run" + string.Format(CultureInfo.InvariantCulture, Only, "student") + ";", ("$run", run), ("$ids", ids));
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            var student = rows.GetString(0);
            DateTimeOffset? submitted = rows.IsDBNull(1) ? null : Time(rows.GetString(1));
            DateTimeOffset? claimed = rows.IsDBNull(2) ? null : Time(rows.GetString(2));
            times[student] = rows.GetInt64(3) == 0 ? new HandinTimes(submitted, HandinTimes.AsRecorded, null)
                : submitted is not null ? new HandinTimes(submitted, HandinTimes.LmsFile, claimed)
                : firstSeen.TryGetValue(student, out var first) ? first > firstLook ? new HandinTimes(first, HandinTimes.FirstSeen, claimed) : new HandinTimes(null, HandinTimes.FirstLook, claimed)
                : new HandinTimes(null, "", claimed);
        }

        return times;
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private StoredRun Run(long id, CourseCatalog catalog, string course, IReadOnlySet<string>? handinIds = null, Func<string, IDisposable?>? phase = null)
    {
        string folder;
        GradingConfig config;
        using (phase?.Invoke("run: folder, settings, config"))
        {
            folder = RunFolder(id) ?? "";
            var settings = Scalar(null, "SELECT settings FROM runs WHERE id = $run;", ("$run", id)) as string;
            var info = Parse<RunInfo>(settings, $"run {id}'s settings");
            config = RecordedRun.ConfigOf(info, catalog, folder, course);
        }

        var handins = new Dictionary<string, (HandinRecord, HandinTimes)>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, HandinTimes> times;
        using (phase?.Invoke("run: times"))
        {
            // A student's page reads a few hand-ins' times on every request: kept (Records), as they never change.
            times = handinIds is not null && Records is { } cache ? cache.Times(id, handinIds, () => Times(id, handinIds)) : Times(id, handinIds);
        }

        var records = phase?.Invoke("run: records");
        using var command = handinIds is null
            ? Command(null, "SELECT student, record FROM handins WHERE run = $run;", ("$run", id))
            : Command(null, "SELECT student, record FROM handins WHERE run = $run AND student IN (SELECT value FROM json_each($ids));", ("$run", id), ("$ids", JsonSerializer.Serialize(handinIds)));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var student = reader.GetString(0);
            // A run recorded by an older grader has no record in the gradebook: its folder still has it.
            var record = reader.IsDBNull(1)
                ? new ResultStore(folder).Load(student) ?? throw new CourseFileException($"Run {id} was recorded by an older grader and its record of {student} is no longer in '{folder}'; grade the sheet again and record that run.")
                : Records is { } cache ? cache.Get(id, student, () => Parse<HandinRecord>(reader.GetString(1), $"run {id}'s record of {student}"))
                : Parse<HandinRecord>(reader.GetString(1), $"run {id}'s record of {student}");
            handins[student] = (record, times[student]);
        }

        records?.Dispose();
        using var problems = phase?.Invoke("run: run.json");
        IReadOnlyDictionary<string, string> Reasons() => folder.Length > 0 && Directory.Exists(folder) && RunFile.Load(folder) is { } file
            ? RefusedHandin.Reasons(file.Problems)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var refused = Records is { } kept ? kept.Refused(folder, Reasons) : Reasons();
        return new StoredRun(id, folder, config, handins, refused);
    }

    private T Parse<T>(string? json, string what)
    {
        try
        {
            return (json is null ? default : JsonSerializer.Deserialize<T>(json, WorkerProtocol.Json))
                ?? throw new CourseFileException($"The semester gradebook's {what} is empty.");
        }
        catch (JsonException e)
        {
            throw new CourseFileException($"The semester gradebook's {what} cannot be read: {e.Message}");
        }
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
