using Grader.Grading.Courses;
using Grader.Grading.Reports;

namespace Grader.Semester;

/// <summary>
/// The output folder of a finished <c>grader grade</c> run, read back: its <c>run.json</c> and the tutor's records, from
/// which <see cref="Summary"/> rebuilds every hand-in's grade (<see cref="HandinRecord.ToReport"/>) with the semester's
/// manual scores and late policy, and <see cref="Render"/> writes the run's files again from those grades.
/// </summary>
/// <param name="Folder">The run's output folder (full path).</param>
/// <param name="File">Its <c>run.json</c>.</param>
/// <param name="Config">The configuration the run graded under.</param>
/// <param name="Records">The tutor's record of each hand-in the run graded.</param>
public sealed record RecordedRun(string Folder, RunFile File, GradingConfig Config, IReadOnlyList<HandinRecord> Records)
{
    /// <summary>The run in <paramref name="folder"/>; refuses a folder that is not a finished run's output or is a shard's.</summary>
    /// <param name="folder">The run's output folder.</param>
    /// <param name="catalog">The shipped courses' catalog (a run graded without a course file).</param>
    /// <param name="course">The course file the verb was given (<see cref="RunCourse"/>): used for a run graded with it.</param>
    public static RecordedRun Load(string folder, CourseCatalog catalog, string? course = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var full = Path.GetFullPath(folder);
        var run = (Directory.Exists(full) ? RunFile.Load(full) : null)
            ?? throw new CourseFileException($"'{full}' is not the output folder of a finished 'grader grade' run (it has no readable {RunFile.FileName}).");
        if (run.Run.Shard is { } shard)
        {
            throw new CourseFileException($"'{full}' holds only the shard {shard} of a run; record the folder 'grader merge' joined the shards into.");
        }

        var store = new ResultStore(full);
        var records = run.Students
            .Select(s => store.Load(s) ?? throw new CourseFileException($"'{full}' lists {s}, but {store.RecordPath(s)} is missing or unreadable."))
            .ToArray();
        return new RecordedRun(full, run, ConfigOf(run.Run, catalog, full, course), records);
    }

    /// <summary>
    /// The configuration a run with <paramref name="info"/> graded under: with the course file it names (<see cref="RunCourse"/>;
    /// refused when it is gone or changed), else <paramref name="catalog"/>; its sheet must be in that catalog.
    /// </summary>
    public static GradingConfig ConfigOf(RunInfo info, CourseCatalog catalog, string where, string? course = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        catalog = RunCourse.Of(info, catalog, where, course, m => new CourseFileException(m));
        var assignment = catalog.FindAssignment(info.Assignment)
            ?? throw new CourseFileException($"'{where}' was graded for sheet {info.Assignment}, which this grader's catalog does not have.");
        return new GradingConfig(catalog, assignment, info.Seed, info.VisibleOnly, info.LeftOut.ToHashSet(StringComparer.Ordinal), SnapshotRoot: "");
    }

    /// <summary>The run's sheet.</summary>
    public string Sheet => Config.Assignment.Id;

    /// <summary>
    /// The run's own summary, with the run's own manual scores (the rubric CSV it was graded with) and no late policy: what
    /// <c>semester record</c> stores of the run before the gradebook knows it. Its grades are the one derivation's on the
    /// run alone (<see cref="Grades"/>); once the run is recorded, its files are written from the course's (<see cref="SemesterGrades.Render"/>).
    /// </summary>
    public GradingSummary Summary() => Summary(Grades(Config, Records, File.Manual), new ManualGrades(File.Manual));

    /// <summary>
    /// The grades of hand-ins no gradebook knows (a run's own record before <c>semester record</c>, the one hand-in of
    /// <c>grader check</c>), in student order: the one derivation (<see cref="CourseGrades.Of"/>) on a snapshot of this one
    /// run alone, not a second computation: a course whose students are the hand-ins, with the run's one sheet, no deadline
    /// (nothing late), no groups, releases, regrade requests or comments, and <paramref name="manual"/> as its only manual
    /// scores. Each grade is the run's own function on the stored record (<see cref="HandinRecord.ToReport"/>, as
    /// <see cref="CourseGrades.Of"/> calls it for every hand-in of a course), with no late outcome: no deadline, none to state.
    /// </summary>
    public static IReadOnlyList<HandinReport> Grades(GradingConfig config, IReadOnlyList<HandinRecord> records, IReadOnlyList<ManualScore> manual)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(manual);
        var sheet = config.Assignment.Id;
        var students = records.Select(r => r.Student).ToArray();
        var course = new CourseFile("", "", "", 0, students, [new SheetDeadline(sheet, DateTimeOffset.MaxValue)], [], LatePolicy.None);
        var run = new StoredRun(0, "", config, records.ToDictionary(r => r.Student, r => (r, new HandinTimes(null, "", null)), StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));
        var state = new GradebookSnapshot(manual.Select(m => new ManualScoreEntry(m.Student, m.TaskId, m.ItemId, m.Points, m.Comment, ManualScoreStore.RubricCsv, "", 0)).ToArray(),
            new Dictionary<string, StoredRun?>(StringComparer.Ordinal) { [sheet] = run }, students, new Dictionary<string, Grader.Grading.Groups.GroupRoster?>(StringComparer.Ordinal) { [sheet] = null });
        return CourseGrades.Of(course, config.Catalog, state, null).Select(t => t.Sheets[0].Report! with { Late = [] }).ToArray();
    }

    /// <summary>
    /// The run's summary over <paramref name="reports"/> (its hand-ins' grades) and the manual scores they were built
    /// with, with the written reports the run took in (<see cref="WrittenReports"/>): every section the run's own
    /// <c>summary.md</c> had.
    /// </summary>
    public GradingSummary Summary(IReadOnlyList<HandinReport> reports, ManualGrades manual) =>
        new(Config.Assignment, reports.OrderBy(r => r.Student, StringComparer.Ordinal).ToArray(), File.Problems, manual, File.Run) { Reports = WrittenReports() };

    /// <summary>
    /// The written reports the run took in (<c>reports/</c>, <see cref="WrittenReportStore"/>), one per graded hand-in;
    /// one the run's folder lost is a problem line of its own. Null when the run took in none (no <c>reports/</c>: a
    /// merge of shards, a run older than written reports).
    /// </summary>
    public IReadOnlyList<WrittenReport>? WrittenReports()
    {
        // Read once per instance (grader serve keeps one per run.json and writes the run's files after every score): a
        // run's written reports never change; a copy with other records or another folder reads them again.
        if (_written is { } known && ReferenceEquals(known.Records, Records) && known.Folder == Folder)
        {
            return known.Reports;
        }

        var reports = ReadWrittenReports();
        _written = new WrittenRead(Folder, Records, reports);
        return reports;
    }

    private WrittenRead? _written;

    private sealed record WrittenRead(string Folder, IReadOnlyList<HandinRecord> Records, IReadOnlyList<WrittenReport>? Reports);

    private IReadOnlyList<WrittenReport>? ReadWrittenReports()
    {
        var store = new WrittenReportStore(Folder);
        if (!Directory.Exists(Path.Combine(store.Folder, WrittenReportStore.ReportsFolder)))
        {
            return null;
        }

        return Records.Select(r => store.Load(r.Student)
                ?? new WrittenReport(r.Student, [], [], [$"The run's {WrittenReportStore.ReportsFolder}/{r.Student}/{WrittenReportStore.FileName} is missing or unreadable."]))
            .OrderBy(r => r.Student, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// Writes the run's files (each student's, then the gradebooks, junit.xml and summary.md) again from
    /// <paramref name="summary"/>; with <paramref name="students"/>, only those students' own files (a student's files
    /// read nothing of another's) and all of the run's.
    /// </summary>
    /// <param name="summary">The grades to write.</param>
    /// <param name="students">The students whose own files are written (null: every one's).</param>
    /// <param name="phase">Times each reporter's files (a benchmark's profile); null times nothing.</param>
    public void Render(GradingSummary summary, IReadOnlyCollection<string>? students = null, Func<string, IDisposable?>? phase = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var single = students is null ? summary : summary with { Handins = summary.Handins.Where(h => students.Contains(h.Student)).ToArray() };
        foreach (var reporter in GradingOutputs.Default.PerHandin)
        {
            using (phase?.Invoke(reporter.GetType().Name + " (per student)"))
            {
                reporter.Write(single, Folder);
            }
        }

        foreach (var reporter in GradingOutputs.Default.Run)
        {
            using (phase?.Invoke(reporter.GetType().Name))
            {
                reporter.Write(summary, Folder);
            }
        }

        RemoveGroupFolders(summary);
    }

    /// <summary>
    /// In a group course, the group hand-ins' own folders under <c>students/</c> (what <c>grade</c> wrote before the
    /// semester knew a score) go once every member's folder is written from the group's grade (issue 80): each student has
    /// one folder, rendered after every change, and no older copy of their grade is left to link to or hand out.
    /// </summary>
    private void RemoveGroupFolders(GradingSummary summary)
    {
        if (summary.Roster is not { } roster)
        {
            return;
        }

        var students = roster.Students.ToHashSet(StringComparer.Ordinal);
        foreach (var handin in Records.Select(r => r.Student).Where(h => roster.GroupNamed(h) is not null && !students.Contains(h)))
        {
            var folder = new DirectoryInfo(ResultStore.StudentFolderIn(Folder, handin));
            if (folder.Exists && folder.LinkTarget is null)
            {
                folder.Delete(recursive: true);
            }
        }
    }
}
