namespace Grader.Semester;

/// <summary>
/// The semester's grades of one gradebook (<see cref="CourseGradebook.Grades"/>): every student's totals, derived once
/// (<see cref="CourseGrades.Of"/>) from the stored state, and the run's files written again from them.
/// </summary>
public sealed class SemesterGrades
{
    private readonly CourseGradebook _gradebook;

    internal SemesterGrades(CourseGradebook gradebook) => _gradebook = gradebook;

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

    /// <summary>The semester of <paramref name="only"/> (every student for null): the stored state read, then the one derivation (<see cref="CourseGrades.Of"/>).</summary>
    private StudentTotals[] TotalsOf(CourseFile course, CourseCatalog catalog, IReadOnlyCollection<string>? only, Func<string, IDisposable?>? phase = null) =>
        Derive(course, catalog, only, phase).Totals;

    /// <summary>
    /// The semester of <paramref name="only"/> (every student for null) and the stored state it was derived from (one
    /// read): what a page needs beside the grades (a hand-in no student's grade counts, its scores and comments) comes from
    /// the same state, never from a second read of the stores.
    /// </summary>
    internal (StudentTotals[] Totals, GradebookSnapshot State) Derive(CourseFile course, CourseCatalog catalog, IReadOnlyCollection<string>? only, Func<string, IDisposable?>? phase = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(catalog);
        var state = Snapshot(course, catalog, only, phase);
        using (phase?.Invoke("derived"))
        {
            return (CourseGrades.Of(course, catalog, state, only, _gradebook.Records?.Grades), state);
        }
    }

    /// <summary>The stored state the grades of <paramref name="only"/> (every student for null) are derived from: only the hand-ins that can be theirs, and only those hand-ins' manual scores.</summary>
    internal GradebookSnapshot Snapshot(CourseFile course, CourseCatalog catalog, IReadOnlyCollection<string>? only, Func<string, IDisposable?>? phase)
    {
        var rosters = CourseGrades.Rosters(course);
        var handinIds = CourseGrades.HandinsOf(rosters, only);
        List<ManualScoreEntry> manual;
        using (phase?.Invoke("manual scores"))
        {
            manual = _gradebook.Scores.ManualScores(handinIds);
        }

        var latest = course.Sheets.ToDictionary(s => s.Sheet, s => _gradebook.Runs.LatestRun(s.Sheet) is { } id ? _gradebook.Runs.Run(id, catalog, course.Path, _gradebook.Records, handinIds, phase) : null, StringComparer.Ordinal);
        // A page of many students reads the students once, not one query each (the grading page asks for a sheet's 500).
        IReadOnlyCollection<string> known = only is null ? _gradebook.Students.Students()
            : only.Count > 8 ? only.Intersect(_gradebook.Students.Students(), StringComparer.Ordinal).ToArray()
            : only.Where(_gradebook.Students.Knows).ToArray();
        using (phase?.Invoke("releases, requests, comments"))
        {
            return new GradebookSnapshot(manual, latest, known, rosters)
            {
                Releases = _gradebook.Releases.Releases(),
                Regrades = _gradebook.Regrades.Regrades(CourseGrades.FilersOf(rosters, only)),
                Comments = _gradebook.Comments.Comments(handinIds),
            };
        }
    }

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
        if (_gradebook.Runs.LatestRun(sheet) is not { } latest || _gradebook.Runs.RunFolder(latest) is not { } folder || !Directory.Exists(folder))
        {
            return null;
        }

        var recorded = RecordedRun.Load(folder, catalog, file.Path);
        if (!_gradebook.Runs.IsRun(latest, recorded))
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
        ManualGrades manual;
        using (phase?.Invoke("grades"))
        {
            (var built, manual) = SheetReports(file, catalog, recorded, phase);
            reports = built.Where(r => r.Status != HandinStatus.Refused).ToArray();
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
    /// with a <see cref="ReportCache"/> (<see cref="CourseGradebook.Reports"/>) in a course without groups, only the hand-ins whose
    /// <see cref="RunStore.HandinStamps"/> changed since the last build are built again. With them, the manual scores of
    /// the sheet's tasks the summary lists (<see cref="GradingSummary.Manual"/>: a member's row without a hand-in, the scores
    /// that matched nothing): the ones the grades were derived from (issue 80), in a course without groups with a cache
    /// the ones standing when the grades were built (each score asks for a write of its own, which builds its grade again).
    /// </summary>
    private (IReadOnlyList<HandinReport> Reports, ManualGrades Manual) SheetReports(CourseFile file, CourseCatalog catalog, RecordedRun recorded, Func<string, IDisposable?>? phase)
    {
        var sheet = recorded.Sheet;
        var tasks = recorded.Config.Assignment.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        if (_gradebook.Reports is not { } cache || _gradebook.Runs.LatestRun(sheet) is not { } run
            || file.Sheets.Any(s => Grader.Grading.Groups.GroupRoster.Of(file.Semester, s.Sheet) is not null))
        {
            var (totals, state) = Derive(file, catalog, null, phase);
            return (totals
                .Select(t => t.Sheets.First(s => s.Sheet == sheet))
                .Where(s => s.Report is not null)
                .Select(s => WithComments(s, recorded))
                .ToArray(), new ManualGrades(state.Manual.Where(m => tasks.Contains(m.TaskId)).Select(m => m.Score)));
        }

        // The stamps are read before the grades: a score committed in between is in the grade and not in its stamp, so
        // the next write builds that grade again (never the other way round: a stamp newer than its grade).
        var key = string.Join(",", file.Sheets.Select(s => $"{s.Sheet}={_gradebook.Runs.LatestRun(s.Sheet)}")) + "|" + recorded.Folder;
        IReadOnlyDictionary<string, string> stamps;
        using (phase?.Invoke("grades: stamps"))
        {
            stamps = _gradebook.Runs.HandinStamps(run, sheet);
        }

        var grades = cache.Get(sheet, key, file, catalog, stamps, stale =>
        {
            using var built = phase?.Invoke("grades: built again");
            return TotalsOf(file, catalog, stale).ToDictionary(t => t.Student,
                t => t.Sheets.First(s => s.Sheet == sheet) is { Report: not null } s ? WithComments(s, recorded) : null,
                StringComparer.Ordinal);
        });
        ManualGrades manual;
        using (phase?.Invoke("manual scores"))
        {
            manual = new ManualGrades(_gradebook.Scores.ManualScores(null).Where(m => tasks.Contains(m.TaskId)).Select(m => m.Score));
        }

        return (grades.Keys.Order(StringComparer.Ordinal).Select(s => grades[s]).OfType<HandinReport>().ToArray(), manual);
    }

    /// <summary>The sheet's grade with the tutors' comments the derivation gave it (a member's are their group's) placed on the code and report <paramref name="recorded"/> keeps.</summary>
    private static HandinReport WithComments(SheetTotal total, RecordedRun recorded) =>
        CommentStore.WithComments(total.Report!, total.Comments, recorded.Folder, total.Handin);
}
