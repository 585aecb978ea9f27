using System.Collections.Concurrent;
using System.Diagnostics;
using Grader.Grading.Reports;
using Grader.Grading.Groups;
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
public sealed class GradingDesk : IDisposable
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
    private readonly ConcurrentBag<CourseGradebook> _readers = new();
    private readonly SemaphoreSlim _reading = new(ReadConnections);

    public GradingDesk(CourseFile course, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(course);
        Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        Reloading = new DeskCourse(this, course);
        _gradebook = CourseGradebook.Open(course.Gradebook);
        _gradebook.Records = new RecordCache();
        _gradebook.Reports = new ReportCache();
        Access = new DeskSignIn(this);
        Scoring = new DeskScoring(this);
        Feedback = new DeskFeedback(this);
        HandinFiles = new DeskHandinFiles(this);
        Commenting = new DeskComments(this);
        Tutorials = new DeskTutorials(this);
        Blind = new DeskNaming(this);
        Grades = new DeskGrades(this);
        Files = new RunFilesWriter((sheet, students) =>
        {
            using var route = Timing?.Route(DeskTiming.Background);
            return Feedback.Refresh(sheet, students);
        }, WriteSpacing);
    }

    /// <summary>Tutors signing in: whose token, whether a session's token is still theirs.</summary>
    public DeskSignIn Access { get; }

    /// <summary>An item's grading page, its progress, the scores given and their audit.</summary>
    public DeskScoring Scoring { get; }

    /// <summary>The run's files written again from the semester's grades.</summary>
    public DeskFeedback Feedback { get; }

    /// <summary>The written reports, page images and feedback files a tutor's page links.</summary>
    public DeskHandinFiles HandinFiles { get; }

    /// <summary>The tutors' inline comments on a hand-in's lines.</summary>
    public DeskComments Commenting { get; }

    /// <summary>Tutorials and groups on the tutors' pages.</summary>
    public DeskTutorials Tutorials { get; }

    /// <summary>Names hidden until a logged reveal: how each tutor's pages name a sheet's students.</summary>
    public DeskNaming Blind { get; }

    /// <summary>The grades, scores (who gave each, its version), comments and requests the tutors' pages show: the course's one derivation.</summary>
    public DeskGrades Grades { get; }

    /// <summary>The desk's one gradebook connection; use it only while <see cref="Hold"/> is held.</summary>
    internal CourseGradebook Gradebook => _gradebook;

    /// <summary>
    /// The least time between two of a sheet's background writes (<see cref="RunFilesWriter.Spacing"/>): the run's files
    /// are current within about this long after the last score (plus one write's time), and the writer keeps no core
    /// busy beside the students' pages while the tutors score.
    /// </summary>
    public static readonly TimeSpan WriteSpacing = TimeSpan.FromSeconds(1);

    /// <summary>The background writer of each sheet's run files after a score (<see cref="DeskFeedback.Refresh"/>, coalesced, spaced by <see cref="WriteSpacing"/>).</summary>
    public RunFilesWriter Files { get; }

    /// <summary>The course file in use (<see cref="Reloading"/>: taken up again when it changes, issue 80).</summary>
    public CourseFile Course => Reloading.Current;

    /// <summary>The course file taken up again when it changes on disk or a tutor reloads it.</summary>
    public DeskCourse Reloading { get; }

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

    /// <summary>The students with a hand-in in the sheet's latest recorded run (none when it has no run).</summary>
    public IReadOnlyList<string> Students(string sheet)
    {
        using (Hold())
        {
            return _gradebook.Runs.LatestRun(sheet) is { } run ? _gradebook.Runs.Handins(run) : [];
        }
    }

    /// <summary>The sheet's groups and tutorials, or null for a course handed in alone.</summary>
    public GroupRoster? Roster(string sheet) => GroupRoster.Of(Course.Semester, sheet);

    /// <summary>
    /// The hand-in of <paramref name="sheet"/>'s latest run that is <paramref name="student"/>'s: their group's when it
    /// handed in (as <see cref="SemesterGrades.Totals"/> reads a member's sheet), else their own name.
    /// </summary>
    public string HandinOf(string sheet, string student) =>
        Roster(sheet)?.GroupOf(student) is { } group && Students(sheet).Contains(group.Id, StringComparer.Ordinal) ? group.Id : student;

    /// <summary>The student with a hand-in in the sheet's latest run that <paramref name="shown"/> names (a pseudonym or a name), or null.</summary>
    public string? Resolve(string sheet, string? shown) => Pseudonyms.Resolve(sheet, Students(sheet), shown);

    /// <summary>Where the requests' time goes (benchmark-only, <see cref="DeskTiming"/>); null, the default: nothing is counted.</summary>
    public DeskTiming? Timing { get; set; }

    /// <summary>The desk's gradebook lock, held until the result is disposed (counted when <see cref="Timing"/> is set).</summary>
    internal Held Hold()
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

    internal readonly ref struct Held(Lock held, DeskTiming? timing, long got)
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
            var reader = _readers.TryTake(out var open) ? open : OpenReader();
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
    internal CourseGradebook OpenReader()
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
        Feedback.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _reading.Dispose();
        _gradebook.Dispose();
    }
}
