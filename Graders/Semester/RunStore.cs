namespace Grader.Semester;

/// <summary>The recorded runs (<c>runs</c>, <c>handins</c>, <c>task_points</c>, <c>check_verdicts</c>): recording one, and reading its hand-ins, verdicts, times and changes.</summary>
public sealed class RunStore
{
    private readonly GradebookSql _sql;
    private readonly StudentStore _students;
    private readonly ManualScoreStore _scores;

    internal RunStore(GradebookSql sql, StudentStore students, ManualScoreStore scores)
    {
        _sql = sql;
        _students = students;
        _scores = scores;
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
        if (_sql.Scalar(null, "SELECT id FROM runs WHERE folder = $folder AND started = $started;", ("$folder", recorded.Folder), ("$started", started)) is long already)
        {
            throw new CourseFileException($"'{recorded.Folder}' (started {summary.Run.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC) is already recorded as run {already}; nothing changed.");
        }

        var previous = LatestRun(sheet);
        using var transaction = _sql.Begin();
        var run = Convert.ToInt64(_sql.Scalar(transaction,
            "INSERT INTO runs (sheet, seed, settings, folder, started, recorded) VALUES ($sheet, $seed, $settings, $folder, $started, $recorded); SELECT last_insert_rowid();",
            ("$sheet", sheet), ("$seed", summary.Run.Seed.ToString(CultureInfo.InvariantCulture)),
            ("$settings", JsonSerializer.Serialize(summary.Run, WorkerProtocol.Json)), ("$folder", recorded.Folder),
            ("$started", started), ("$recorded", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))), CultureInfo.InvariantCulture);
        var records = recorded.Records.ToDictionary(r => r.Student, StringComparer.Ordinal);
        foreach (var handin in summary.Handins)
        {
            _students.Add(transaction, handin.Student);
            _sql.Execute(transaction, "INSERT INTO handins (run, student, status, content_hash, submitted, claimed, observed, record) VALUES ($run, $s, $status, $hash, $submitted, $claimed, 1, $record);",
                ("$run", run), ("$s", handin.Student), ("$status", handin.Status.ToString()), ("$hash", handin.ContentHash),
                ("$submitted", submitted.TryGetValue(handin.Student, out var at) ? at.ToString("O", CultureInfo.InvariantCulture) : null),
                ("$claimed", claimed.TryGetValue(handin.Student, out var says) ? says.ToString("O", CultureInfo.InvariantCulture) : null),
                ("$record", JsonSerializer.Serialize(records[handin.Student], WorkerProtocol.Json)));
            foreach (var task in handin.Tasks)
            {
                _sql.Execute(transaction, "INSERT INTO task_points (run, student, task, points, max) VALUES ($run, $s, $task, $points, $max);",
                    ("$run", run), ("$s", handin.Student), ("$task", task.Task.Id), ("$points", task.Score), ("$max", task.MaxAuto));
                foreach (var check in task.Checks)
                {
                    _sql.Execute(transaction, "INSERT INTO check_verdicts (run, student, task, check_id, outcome, points, message) VALUES ($run, $s, $task, $check, $outcome, $points, $message);",
                        ("$run", run), ("$s", handin.Student), ("$task", task.Task.Id), ("$check", check.CheckId), ("$outcome", check.Result.Outcome.ToString()),
                        ("$points", task.Earned(check)), ("$message", check.Result.Message));
                }
            }
        }

        // The rubric CSV's scores (summed per item, as a run counts them) join the one store of manual scores.
        foreach (var item in recorded.File.Manual.GroupBy(m => (m.Student, m.TaskId, m.ItemId)))
        {
            var comment = string.Join(" ", item.Select(m => m.Comment.Trim()).Where(c => c.Length > 0));
            _scores.Set(transaction, new ManualScore(item.Key.Student, item.Key.TaskId, item.Key.ItemId, item.Sum(m => m.Points), comment), ManualScoreStore.RubricCsv);
        }

        transaction.Commit();
        return previous is { } before ? Changes(before, run) : [];
    }

    /// <summary>The students with a hand-in in the run, ordinal order.</summary>
    public IReadOnlyList<string> Handins(long run) => _sql.Strings("SELECT student FROM handins WHERE run = $run ORDER BY student;", ("$run", run));

    /// <summary>The run's verdicts of one task: per student, each check's outcome, points and message.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StoredVerdict>> Verdicts(long run, string task)
    {
        using var command = _sql.Command(null, "SELECT student, check_id, outcome, points, message FROM check_verdicts WHERE run = $run AND task = $task ORDER BY student, check_id;", ("$run", run), ("$task", task));
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

    /// <summary>The id of the sheet's latest recorded run, or null.</summary>
    public long? LatestRun(string sheet) => _sql.Scalar(null, "SELECT MAX(id) FROM runs WHERE sheet = $sheet;", ("$sheet", sheet)) is long id ? id : null;

    /// <summary>How many runs of the sheet are recorded.</summary>
    public int RunCount(string sheet) => Convert.ToInt32(_sql.Scalar(null, "SELECT COUNT(*) FROM runs WHERE sheet = $sheet;", ("$sheet", sheet)), CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="recorded"/> (a folder as it is now) is the recorded run <paramref name="run"/>, not a later run graded into the same folder.</summary>
    public bool IsRun(long run, RecordedRun recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return _sql.Scalar(null, "SELECT started FROM runs WHERE id = $run AND folder = $folder;", ("$run", run), ("$folder", recorded.Folder)) is string started
            && started == recorded.File.Run.Started.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>The output folder the run was graded into.</summary>
    public string? RunFolder(long run) => _sql.Scalar(null, "SELECT folder FROM runs WHERE id = $run;", ("$run", run)) as string;

    /// <summary>Per check id: how many hand-ins of the run failed it (passed ones not counted), most failed first.</summary>
    public IReadOnlyList<(string Check, int Failed)> MostFailed(long run)
    {
        using var command = _sql.Command(null, "SELECT task || ' · ' || check_id, COUNT(*) FROM check_verdicts WHERE run = $run AND outcome <> 'Passed' GROUP BY task, check_id ORDER BY COUNT(*) DESC, task, check_id;", ("$run", run));
        using var reader = command.ExecuteReader();
        var rows = new List<(string, int)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return rows;
    }

    /// <summary>
    /// Per hand-in of run <paramref name="run"/> (of <paramref name="sheet"/>), a stamp of what its grade reads from the
    /// gradebook beyond the run: the student's manual scores (how many, the sum of their versions: a score only ever
    /// raises its version, and none is deleted) and the comments on the hand-in (how many, how many deleted: a comment is
    /// only added or marked deleted). Any score, regrade answer or comment changes exactly its student's stamp.
    /// </summary>
    public IReadOnlyDictionary<string, string> HandinStamps(long run, string sheet)
    {
        using var command = _sql.Command(null,
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
        using (var seen = _sql.Command(null,
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
        using (var looks = _sql.Command(null, "SELECT started FROM runs WHERE sheet = (SELECT sheet FROM runs WHERE id = $run) AND id <= $run;", ("$run", run)))
        using (var reader = looks.ExecuteReader())
        {
            while (reader.Read())
            {
                var at = Time(reader.GetString(0));
                if (firstLook is null || at < firstLook) firstLook = at;
            }
        }

        var times = new Dictionary<string, HandinTimes>(StringComparer.Ordinal);
        using var command = _sql.Command(null, "SELECT student, submitted, claimed, observed FROM handins WHERE run = $run" + string.Format(CultureInfo.InvariantCulture, Only, "student") + ";", ("$run", run), ("$ids", ids));
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

    /// <summary>Run <paramref name="id"/> as the semester reads it, only the hand-ins <paramref name="handinIds"/> names (every one for null); <paramref name="cache"/> keeps parsed records between reads.</summary>
    internal StoredRun Run(long id, CourseCatalog catalog, string course, RecordCache? cache, IReadOnlySet<string>? handinIds = null, Func<string, IDisposable?>? phase = null)
    {
        string folder;
        GradingConfig config;
        using (phase?.Invoke("run: folder, settings, config"))
        {
            folder = RunFolder(id) ?? "";
            var settings = _sql.Scalar(null, "SELECT settings FROM runs WHERE id = $run;", ("$run", id)) as string;
            var info = Parse<RunInfo>(settings, $"run {id}'s settings");
            config = RecordedRun.ConfigOf(info, catalog, folder, course);
        }

        var handins = new Dictionary<string, (HandinRecord, HandinTimes)>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, HandinTimes> times;
        using (phase?.Invoke("run: times"))
        {
            // A student's page reads a few hand-ins' times on every request: kept (Records), as they never change.
            times = handinIds is not null && cache is not null ? cache.Times(id, handinIds, () => Times(id, handinIds)) : Times(id, handinIds);
        }

        var records = phase?.Invoke("run: records");
        using var command = handinIds is null
            ? _sql.Command(null, "SELECT student, record FROM handins WHERE run = $run;", ("$run", id))
            : _sql.Command(null, "SELECT student, record FROM handins WHERE run = $run AND student IN (SELECT value FROM json_each($ids));", ("$run", id), ("$ids", JsonSerializer.Serialize(handinIds)));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var student = reader.GetString(0);
            // A run recorded by an older grader has no record in the gradebook: its folder still has it.
            var record = reader.IsDBNull(1)
                ? new ResultStore(folder).Load(student) ?? throw new CourseFileException($"Run {id} was recorded by an older grader and its record of {student} is no longer in '{folder}'; grade the sheet again and record that run.")
                : cache is not null ? cache.Get(id, student, () => Parse<HandinRecord>(reader.GetString(1), $"run {id}'s record of {student}"))
                : Parse<HandinRecord>(reader.GetString(1), $"run {id}'s record of {student}");
            handins[student] = (record, times[student]);
        }

        records?.Dispose();
        using var problems = phase?.Invoke("run: run.json");
        IReadOnlyDictionary<string, string> Reasons() => folder.Length > 0 && Directory.Exists(folder) && RunFile.Load(folder) is { } file
            ? RefusedHandin.Reasons(file.Problems)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var refused = cache is not null ? cache.Refused(folder, Reasons) : Reasons();
        return new StoredRun(id, folder, config, handins, refused);
    }

    private static T Parse<T>(string? json, string what)
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
        using var command = _sql.Command(null, "SELECT student, task, points FROM task_points WHERE run = $run;", ("$run", run));
        using var reader = command.ExecuteReader();
        var points = new Dictionary<(string, string), double>();
        while (reader.Read())
        {
            points[(reader.GetString(0), reader.GetString(1))] = reader.GetDouble(2);
        }

        return points;
    }
}
