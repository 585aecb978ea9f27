using Grader.Grading.Groups;

namespace Grader.Semester;

/// <summary>
/// The one derivation of the semester's grades: a pure function from the stored state (<see cref="GradebookSnapshot"/>:
/// the recorded runs' hand-ins, the manual scores) and the course file (sheets, groups, late policy, extensions,
/// admission) to every student's semester — per sheet the hand-in's grade as the run's own function gives it
/// (<see cref="HandinRecord.ToReport"/>, <see cref="HandinGrade.Of"/>), whose hand-in it is, whether the sheet is
/// released, the group's regrade requests with their answers, the tutors' comments on the hand-in and its standing manual
/// scores with who gave each and its version (issue 80). Every reader that prints points reads it
/// (<see cref="SemesterGrades"/>: totals, export, the run's files written again, the students' and tutors' pages).
/// </summary>
internal static class CourseGrades
{
    /// <summary>Each course sheet's groups and tutorials (null: the sheet has none), built once per snapshot (<see cref="GradebookSnapshot.Rosters"/>).</summary>
    public static IReadOnlyDictionary<string, GroupRoster?> Rosters(CourseFile course) =>
        course.Sheets.ToDictionary(s => s.Sheet, s => GroupRoster.Of(course.Semester, s.Sheet), StringComparer.Ordinal);

    /// <summary>
    /// The hand-ins that can be <paramref name="only"/>'s (their own, their groups' of each sheet of
    /// <paramref name="rosters"/>); null (every one) for the whole course.
    /// </summary>
    public static HashSet<string>? HandinsOf(IReadOnlyDictionary<string, GroupRoster?> rosters, IReadOnlyCollection<string>? only)
    {
        if (only is null)
        {
            return null;
        }

        return only.Concat(only.SelectMany(student => rosters.Values.Select(r => r?.GroupOf(student)?.Id).OfType<string>())).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The students whose regrade requests can be <paramref name="only"/>'s (they and every member of their groups); null (every one) for the whole course.</summary>
    public static HashSet<string>? FilersOf(IReadOnlyDictionary<string, GroupRoster?> rosters, IReadOnlyCollection<string>? only) =>
        only?.Concat(only.SelectMany(student => rosters.Values.SelectMany(r => r?.GroupOf(student)?.Members ?? []))).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Every student's semester (only <paramref name="only"/>'s when given), in ordinal order: per course sheet the
    /// hand-in's grade, rebuilt from the sheet's latest recorded run with the manual scores and the late policy applied,
    /// and the admission status. A sheet without a recorded run is not graded yet.
    /// </summary>
    /// <param name="memo">Grades built before, handed out where every input read in <paramref name="state"/> is the one they were built from (<see cref="GradeMemo"/>); null builds every grade.</param>
    public static StudentTotals[] Of(CourseFile course, CourseCatalog catalog, GradebookSnapshot state, IReadOnlyCollection<string>? only, GradeMemo? memo = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(state);
        // A group course (issue 68): a member's hand-in for a sheet is their group's of that sheet when it handed in, else
        // their own; the group ids the runs recorded are no students. The late policy is then the member's (their grace
        // days, their extensions) over the group hand-in's time.
        var rosters = state.Rosters;
        var groupIds = rosters.Values.OfType<GroupRoster>().SelectMany(r => r.Groups).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var manual = new ManualGrades(state.Manual.Select(m => m.Score));
        var scored = state.Manual.ToLookup(m => (m.Student, Sheet: AuditLog.SheetOf(m.TaskId)));
        // Each hand-in's comments and each filer's requests by sheet, in the snapshot's order (a tutor's page derives every hand-in of a sheet).
        var comments = state.Comments.ToLookup(c => (c.Sheet, c.Student));
        var filed = state.Regrades.Select((r, i) => (Request: r, At: i)).ToLookup(r => (r.Request.Sheet, r.Request.Student));
        var latest = state.Latest;
        var inCourse = course.Students.ToHashSet(StringComparer.Ordinal);
        var known = state.Known.ToHashSet(StringComparer.Ordinal);
        var students = only is null
            ? course.Students.Union(state.Known.Where(s => !groupIds.Contains(s)), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()
            : only.Where(s => !groupIds.Contains(s) && (inCourse.Contains(s) || known.Contains(s))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
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
                    : run.Handins.TryGetValue(HandinOf(student, s.Sheet), out var handin) ? Report(run, handin.Record, student, outcome, manual, memo)
                    // A hand-in the run refused keeps the manual scores recorded for the student, like a graded one.
                    : run.Refused.TryGetValue(HandinOf(student, s.Sheet), out var reason) ? HandinGrade.Of(RefusedHandin.Report(student, reason, run.Config), manual, [outcome])
                    : null;
                // The one maximum: the run's (HandinReport.Max; --skip-check leaves a check's points out of it), also for a student it did not grade.
                // Issue 80: the released state, the group's regrade requests and the comments on the hand-in are inputs too.
                var members = rosters[s.Sheet]?.GroupOf(student)?.Members ?? [student];
                return new SheetTotal(s.Sheet, run is not null, report, outcome, report?.Max ?? (run is null ? catalog.MaxPoints(s.Sheet) : RefusedHandin.Maximum(run.Config)))
                {
                    Handin = HandinOf(student, s.Sheet),
                    Released = state.Releases.ContainsKey(s.Sheet),
                    Regrades = members.Append(student).Distinct(StringComparer.Ordinal).SelectMany(m => filed[(s.Sheet, m)]).OrderBy(r => r.At).Select(r => r.Request).ToArray(),
                    Comments = comments[(s.Sheet, HandinOf(student, s.Sheet))].ToArray(),
                    // Who scored each item and its version: the very scores the grade was built with (issue 80).
                    Scores = scored[(HandinOf(student, s.Sheet), s.Sheet)].ToArray(),
                };
            }).ToArray();
            return new StudentTotals(student, sheets, course.Admission);
        }).ToArray();
    }

    /// <summary>The hand-in's grade as the run's own function gives it (<see cref="HandinRecord.ToReport"/>), for <paramref name="student"/>; from <paramref name="memo"/> when it was built from the same inputs.</summary>
    private static HandinReport Report(StoredRun run, HandinRecord record, string student, LateOutcome outcome, ManualGrades manual, GradeMemo? memo)
    {
        HandinReport Build() => record.ToReport(run.Config, manual, [outcome]) with { Student = student };
        return memo is null ? Build() : memo.Get(run.Id, student, record, run.Config, outcome, manual.For(record.Student), Build);
    }
}
