using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// What the tutors' pages show of the grades (<see cref="GradingDesk.Grades"/>, issue 80): the standing score of an item
/// with who gave it and the version a write against it carries, the comments on a hand-in, a group's regrade requests
/// with their answers. All of it is the course's one derivation (<see cref="CourseGrades.Of"/>, through
/// <see cref="SemesterGrades"/>) of the students the page needs, read in one go on one of the desk's read connections
/// (never under the desk's lock): the grading page, the regrade inbox and the code and report page show what the
/// students' pages and the run's files show, and no page reads a store of its own.
/// </summary>
public sealed class DeskGrades
{
    private readonly GradingDesk _desk;

    internal DeskGrades(GradingDesk desk) => _desk = desk;

    /// <summary>The derivation's sheet of each of <paramref name="students"/> (a student the course does not know is left out).</summary>
    public IReadOnlyDictionary<string, SheetTotal> OfStudents(string sheet, IReadOnlyCollection<string> students)
    {
        ArgumentNullException.ThrowIfNull(students);
        if (students.Count == 0)
        {
            return new Dictionary<string, SheetTotal>(StringComparer.Ordinal);
        }

        var (totals, _) = _desk.Reading(g => g.Grades.Derive(_desk.Course, _desk.Catalog, students));
        return totals.Where(t => t.Sheets.Any(s => s.Sheet == sheet)).ToDictionary(t => t.Student, t => t.Sheets.First(s => s.Sheet == sheet), StringComparer.Ordinal);
    }

    /// <summary>
    /// Each of <paramref name="handins"/> (hand-ins of the sheet's latest run) as the derivation gives it: the sheet of a
    /// student whose hand-in it is (a group's hand-in is each member's), its scores and comments. A hand-in that no
    /// student's grade counts (a member's own beside their group's) has the scores and comments of the same stored state
    /// the grades were derived from, read in the same go.
    /// </summary>
    public IReadOnlyDictionary<string, HandinStanding> OfHandins(string sheet, IReadOnlyCollection<string> handins)
    {
        ArgumentNullException.ThrowIfNull(handins);
        var standing = new Dictionary<string, HandinStanding>(StringComparer.Ordinal);
        if (handins.Count == 0)
        {
            return standing;
        }

        var roster = _desk.Roster(sheet);
        var only = handins.Concat(handins.SelectMany(h => roster?.GroupNamed(h)?.Members ?? [])).Distinct(StringComparer.Ordinal).ToArray();
        var (totals, state) = _desk.Reading(g => g.Grades.Derive(_desk.Course, _desk.Catalog, only, Phases(_desk.Timing)));
        var counted = totals.Select(t => t.Sheets.FirstOrDefault(s => s.Sheet == sheet)).OfType<SheetTotal>().ToLookup(s => s.Handin, StringComparer.Ordinal);
        foreach (var handin in handins.Distinct(StringComparer.Ordinal))
        {
            standing[handin] = counted[handin].FirstOrDefault() is { } total
                ? new HandinStanding(handin, total, total.Scores, total.Comments)
                : new HandinStanding(handin, null,
                    state.Manual.Where(m => m.Student == handin && AuditLog.SheetOf(m.TaskId) == sheet).ToArray(),
                    state.Comments.Where(c => c.Sheet == sheet && c.Student == handin).ToArray());
        }

        return standing;
    }

    /// <summary>The tutors' pages' phase timer (benchmark-only, <see cref="DeskTiming"/>): null when nothing is counted.</summary>
    private static Func<string, IDisposable?>? Phases(DeskTiming? timing) => timing is null ? null : name => timing.Phase("tutors' page: " + name);

    /// <summary>One hand-in of the sheet's latest run as the derivation gives it (<see cref="OfHandins"/>).</summary>
    public HandinStanding OfHandin(string sheet, string handin) => OfHandins(sheet, [handin])[handin];
}
