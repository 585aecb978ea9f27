using System.Collections.Concurrent;
using System.Diagnostics;
using Grader.Grading.Reports;
using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// What <c>grader serve</c> reads and writes, over the semester gradebook (one connection behind a lock for every write
/// and the tutors' reads; read connections, <see cref="Reading"/>, for the students' pages and the run files' writer): the
/// course's sheets and their manual items, each sheet's latest recorded run's hand-ins and written reports
/// (<see cref="WrittenReportStore"/> in the run's folder), the scores (<see cref="ManualScoreStore.Score"/>: the same
/// manual scores <c>semester score</c> and <c>--manual</c> write) and the tutors. A run's reports and answer groups
/// never change, so they are read once per run, and so are its hand-ins' times and verdicts.
/// </summary>
public sealed partial class GradingDesk : IDisposable
{
    /// <summary>The longest comment a score keeps.</summary>
    public const int MaxComment = 4000;

    /// <summary>
    /// How many read connections (<see cref="Reading"/>) the students' pages and the background writer share: as many
    /// student pages read and compute their totals at once, the others wait for one (the tutors' requests never do).
    /// </summary>
    public const int ReadConnections = 2;

    private readonly CourseGradebook _gradebook;
    private readonly Lock _lock = new();
    private readonly Lock _writeLock = new();
    private readonly ConcurrentBag<CourseGradebook> _readers = new();
    private readonly SemaphoreSlim _reading = new(ReadConnections);
    private CourseGradebook? _writerReads;

    // The run folder each sheet's writes last loaded (under _writeLock): loaded again once its run.json or the sheet's latest run changes.
    private readonly Dictionary<string, (long Run, DateTime Written, long Length, RecordedRun Recorded)> _recorded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long Run, string Student), WrittenReport?> _reports = new();
    private readonly ConcurrentDictionary<(long Run, string Task, string Item), IReadOnlyList<AnswerGroup>> _groups = new();

    // A recorded run's rows never change (a new grading is a new run): its hand-ins' times and verdicts are read once.
    private readonly ConcurrentDictionary<long, IReadOnlyDictionary<string, HandinTimes>> _times = new();
    private readonly ConcurrentDictionary<(long Run, string Task), IReadOnlyDictionary<string, IReadOnlyList<StoredVerdict>>> _verdicts = new();

    public GradingDesk(CourseFile course, CourseCatalog catalog)
    {
        Course = course ?? throw new ArgumentNullException(nameof(course));
        Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _gradebook = CourseGradebook.Open(course.Gradebook);
        _gradebook.Records = new RecordCache();
        _gradebook.Reports = new ReportCache();
        Files = new RunFilesWriter((sheet, students) =>
        {
            using var route = Timing?.Route(DeskTiming.Background);
            return Refresh(sheet, students);
        }, WriteSpacing);
    }

    /// <summary>
    /// The least time between two of a sheet's background writes (<see cref="RunFilesWriter.Spacing"/>): the run's files
    /// are current within about this long after the last score (plus one write's time), and the writer keeps no core
    /// busy beside the students' pages while the tutors score.
    /// </summary>
    public static readonly TimeSpan WriteSpacing = TimeSpan.FromSeconds(1);

    /// <summary>The background writer of each sheet's run files after a score (<see cref="Refresh"/>, coalesced, spaced by <see cref="WriteSpacing"/>).</summary>
    public RunFilesWriter Files { get; }

    /// <summary>The course file.</summary>
    public CourseFile Course { get; }

    /// <summary>The catalog (with the tutors' rubrics).</summary>
    public CourseCatalog Catalog { get; }

    /// <summary>The course's sheets, in the course file's order.</summary>
    public IReadOnlyList<string> Sheets => Course.Sheets.Select(s => s.Sheet).ToArray();

    /// <summary>The sheet's manual items in catalog order; empty for a sheet the course does not list.</summary>
    public IReadOnlyList<SheetItem> Items(string sheet) =>
        Course.FindSheet(sheet) is null
            ? []
            : Catalog.TasksOf(sheet).SelectMany(t => t.Manual.Select(m => (Task: t, Item: m))).Select((p, i) => new SheetItem(sheet, i, p.Task, p.Item)).ToArray();

    /// <summary>One item by its place, or null.</summary>
    public SheetItem? Item(string sheet, int index) => Items(sheet) is var items && index >= 0 && index < items.Count ? items[index] : null;

    /// <summary>The tutor the token belongs to with the stamp of that token (<see cref="TutorToken.Stamp"/>), or null.</summary>
    public (string Name, string Stamp)? SignIn(string? token)
    {
        using (Hold())
        {
            var tutors = _gradebook.Tutors.Tutors();
            return TutorToken.Match(token, tutors) is { } name ? (name, TutorToken.Stamp(tutors.First(t => t.Name == name).TokenHash)) : null;
        }
    }

    /// <summary>True while <paramref name="tutor"/>'s token is still the one whose stamp a session carries: false once it is reissued or the tutor removed.</summary>
    public bool IsSession(string tutor, string stamp)
    {
        using (Hold())
        {
            return _gradebook.Tutors.Tutors().FirstOrDefault(t => t.Name == tutor) is { Name: not null } found
                && TutorToken.SameStamp(stamp, TutorToken.Stamp(found.TokenHash));
        }
    }

    /// <summary>True when at least one tutor can sign in.</summary>
    public bool HasTutors
    {
        get
        {
            using (Hold())
            {
                return _gradebook.Tutors.Tutors().Count > 0;
            }
        }
    }

    /// <summary>The students with a hand-in in the sheet's latest recorded run (none when it has no run).</summary>
    public IReadOnlyList<string> Students(string sheet)
    {
        using (Hold())
        {
            return _gradebook.Runs.LatestRun(sheet) is { } run ? _gradebook.Runs.Handins(run) : [];
        }
    }

    /// <summary>How many of the sheet's hand-ins have a score for the item.</summary>
    public (int Scored, int Total) Progress(SheetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        using (Hold())
        {
            if (_gradebook.Runs.LatestRun(item.Sheet) is not { } run)
            {
                return (0, 0);
            }

            var students = _gradebook.Runs.Handins(run);
            var scores = _gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id);
            return (students.Count(scores.ContainsKey), students.Count);
        }
    }

    /// <summary>The grading page's content for one item.</summary>
    public ItemView View(SheetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        using (Hold())
        {
            if (_gradebook.Runs.LatestRun(item.Sheet) is not { } run)
            {
                return new ItemView(item, [], new Dictionary<string, WrittenReport?>(), new Dictionary<string, ManualScoreEntry>(), new Dictionary<string, IReadOnlyList<StoredVerdict>>());
            }

            var students = _gradebook.Runs.Handins(run);
            var reports = students.ToDictionary(s => s, s => Report(run, s), StringComparer.Ordinal);
            var times = _times.GetOrAdd(run, _gradebook.Runs.Times);
            var groups = _groups.GetOrAdd((run, item.Task.Id, item.Item.Id), _ =>
            {
                // Each group is shown by its earliest hand-in (the time the late policy counts from), never by name.
                var order = AnswerGroups.Order(students, s => times.GetValueOrDefault(s)?.Deciding, $"{item.Task.Id}#{item.Item.Id}");
                return AnswerGroups.Shuffle(AnswerGroups.Of(order.Select(s => (s, reports[s]?.Find(item.Task.Id, item.Item.Id))).ToArray()), $"{item.Sheet}#{item.Task.Id}#{item.Item.Id}");
            });
            var verdicts = _verdicts.GetOrAdd((run, item.Task.Id), key => _gradebook.Runs.Verdicts(key.Run, key.Task));
            return new ItemView(item, groups, reports, _gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id), verdicts) { Times = times };
        }
    }

    /// <summary>
    /// Gives <paramref name="points"/> to the item of every student in <paramref name="seen"/>, each on the version the
    /// tutor saw; returns the scores that refused the write (nothing written then), or empty once it is committed: newer
    /// ones than the tutor saw (stale), or — unless <paramref name="replace"/> — ones another tutor (or a command) gave,
    /// which only an explicit confirmation replaces (its audit entry notes whose score it replaced). Throws
    /// <see cref="ArgumentException"/> for points outside the item's range or a student not in the sheet's run.
    /// </summary>
    public IReadOnlyList<ManualScoreEntry> Score(SheetItem item, IReadOnlyList<(string Student, long Seen)> seen, double points, string comment, string tutor, bool replace = true)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(seen);
        if (!double.IsFinite(points) || points < 0 || points > item.Item.Points + 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{item.Title} gives 0 to {item.Item.Points} points, not {points}."));
        }

        if (comment.Length > MaxComment)
        {
            throw new ArgumentException($"A comment has at most {MaxComment} characters.");
        }

        using (Hold())
        {
            var students = _gradebook.Runs.LatestRun(item.Sheet) is { } run ? _gradebook.Runs.Handins(run).ToHashSet(StringComparer.Ordinal) : [];
            if (seen.Count == 0 || seen.Any(s => !students.Contains(s.Student) || s.Seen < 0) || seen.Select(s => s.Student).Distinct(StringComparer.Ordinal).Count() != seen.Count)
            {
                throw new ArgumentException($"Every student scored must have a hand-in in sheet {item.Sheet}'s latest run, once.");
            }

            var current = _gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id);
            var fresh = seen.All(s => (current.GetValueOrDefault(s.Student)?.Version ?? 0) == s.Seen);
            var others = seen.Select(s => current.GetValueOrDefault(s.Student)).OfType<ManualScoreEntry>().Where(c => c.Tutor != tutor).ToArray();
            if (fresh && !replace && others.Length > 0)
            {
                return others;
            }

            return _gradebook.Scores.Score(seen, item.Task.Id, item.Item.Id, points, comment, tutor, before => ReplacedNote(before, tutor));
        }
    }

    /// <summary>
    /// Writes the files of the sheet's latest run (each student's feedback, results.json, the gradebooks) again from the
    /// semester's grades, as <c>semester score</c> does; returns the folder, or null when the sheet has no run whose
    /// folder is still that run; with <paramref name="students"/>, only those students' own files (and all of the run's).
    /// Throws <see cref="CourseFileException"/> when the folder cannot be read.
    /// </summary>
    public string? WriteFeedback(string sheet, IReadOnlyCollection<string>? students = null)
    {
        // One writer at a time, in the order the grades were read; the grades read on a read connection (the scores
        // committed before are there), never under the desk's lock: the grading pages go on meanwhile; the run's records
        // are read from its folder, and the files written, with no connection held.
        lock (_writeLock)
        {
            // The writer's own read connection: the students' pages never wait for a write's reading of the whole course.
            var reads = _writerReads ??= Open();
            var (latest, folder) = reads.Runs.LatestRun(sheet) is { } run ? (run, reads.Runs.RunFolder(run)) : (-1, null);

            if (folder is null || !Directory.Exists(folder))
            {
                return null;
            }

            // A run's folder is read once (its 500 records), then again only when its run.json changes (a run graded into it).
            var runFile = new FileInfo(Path.Combine(folder, RunFile.FileName));
            var recorded = _recorded.TryGetValue(sheet, out var had) && had.Run == latest && runFile.Exists
                && had.Written == runFile.LastWriteTimeUtc && had.Length == runFile.Length && had.Recorded.Folder == Path.GetFullPath(folder)
                ? had.Recorded
                : RecordedRun.Load(folder, Catalog);
            _recorded[sheet] = (latest, runFile.Exists ? runFile.LastWriteTimeUtc : default, runFile.Exists ? runFile.Length : -1, recorded);
            var write = reads.Runs.LatestRun(sheet) != latest || !reads.Runs.IsRun(latest, recorded) ? null : reads.Grades.PrepareRender(Course, Catalog, recorded, students, DeskTiming.Phases(Timing)).Write;
            if (write is null)
            {
                return null;
            }

            write();
            return folder;
        }
    }

    /// <summary>The cache of the sheets' grades the writes build (<see cref="ReportCache"/>): what the tests read to see a write built one grade.</summary>
    internal ReportCache ReportCacheForTests => _gradebook.Reports!;

    /// <summary>The audit list of one student's item.</summary>
    public IReadOnlyList<ManualScoreEntry> Audit(SheetItem item, string student)
    {
        ArgumentNullException.ThrowIfNull(item);
        using (Hold())
        {
            return _gradebook.Scores.Audit(student, item.Task.Id, item.Item.Id);
        }
    }

    /// <summary>Where the requests' time goes (benchmark-only, <see cref="DeskTiming"/>); null, the default: nothing is counted.</summary>
    public DeskTiming? Timing { get; set; }

    /// <summary>The desk's gradebook lock, held until the result is disposed (counted when <see cref="Timing"/> is set).</summary>
    private Held Hold()
    {
        if (Timing is not { } timing)
        {
            _lock.Enter();
            return new Held(_lock, null, 0);
        }

        var asked = Stopwatch.GetTimestamp();
        _lock.Enter();
        var got = Stopwatch.GetTimestamp();
        timing.Waited(got - asked);
        return new Held(_lock, timing, got);
    }

    private readonly ref struct Held(Lock held, DeskTiming? timing, long got)
    {
        public void Dispose()
        {
            held.Exit();
            timing?.Held(Stopwatch.GetTimestamp() - got);
        }
    }

    /// <summary>Runs <paramref name="use"/> on the gradebook under the desk's lock: the students' side (<see cref="Grader.Web.Students.StudentDesk"/>) shares the one connection.</summary>
    internal T Locked<T>(Func<CourseGradebook, T> use)
    {
        using (Hold())
        {
            return use(_gradebook);
        }
    }

    /// <summary>
    /// Runs <paramref name="use"/> on one of the desk's read connections to the gradebook (opened when first needed, at
    /// most <see cref="ReadConnections"/>), never under the desk's lock: what it reads is what was committed when it
    /// runs. For reads only; every write goes through the desk's one connection under its lock.
    /// </summary>
    internal T Reading<T>(Func<CourseGradebook, T> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        var asked = Timing is null ? 0 : Stopwatch.GetTimestamp();
        _reading.Wait();
        Timing?.WaitedToRead(Stopwatch.GetTimestamp() - asked);
        try
        {
            var reader = _readers.TryTake(out var open) ? open : Open();
            try
            {
                return use(reader);
            }
            finally
            {
                _readers.Add(reader);
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>One more connection to the gradebook, for reads, sharing the desk's cache of the runs' parsed records.</summary>
    private CourseGradebook Open()
    {
        var gradebook = CourseGradebook.Open(Course.Gradebook);
        gradebook.Records = _gradebook.Records;
        gradebook.Reports = _gradebook.Reports;
        return gradebook;
    }

    /// <summary>Writes the run files every score asked for (<see cref="Files"/>), then closes the gradebook's connections.</summary>
    public void Dispose()
    {
        Files.Dispose();
        _writerReads?.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _reading.Dispose();
        _gradebook.Dispose();
    }
}
