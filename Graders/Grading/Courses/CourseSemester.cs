namespace Grader.Grading.Courses;

/// <summary>
/// The semester part of a course file (<c>[semester]</c>): who takes the course, the late policy, the exam admission and
/// where the semester gradebook lives. The deadlines are the sheets' (<see cref="Grader.Checks.Courses.CourseDocument.Deadlines"/>).
/// </summary>
/// <param name="Students">The students listed in the file, as their hand-ins are named.</param>
/// <param name="StudentsFile">A file with one student per line, relative to the course file; null when they are listed.</param>
/// <param name="Admission">The share of all sheets' points (0 … 1] that admits to the exam; null when not stated.</param>
/// <param name="Gradebook">The SQLite gradebook, relative to the course file; null for the default.</param>
/// <param name="GraceDays">Late days each student may spend over the semester without penalty.</param>
/// <param name="PenaltyPerDay">The share of a sheet's points lost per late day past the grace days.</param>
/// <param name="Extensions">Per-student extensions.</param>
public sealed record CourseSemester(
    IReadOnlyList<string> Students,
    string? StudentsFile,
    double? Admission,
    string? Gradebook,
    int GraceDays,
    double PenaltyPerDay,
    IReadOnlyList<CourseExtension> Extensions)
{
    /// <summary>The groups: the semester's (<see cref="CourseGroup.Sheet"/> null) and each sheet's own; empty for a course of individual hand-ins.</summary>
    public IReadOnlyList<CourseGroup> Groups { get; init; } = [];

    /// <summary>An LMS group export (Moodle or Canvas CSV) with the semester's groups, relative to the course file; null when none.</summary>
    public string? GroupsFile { get; init; }

    /// <summary>The most members a group may have (<c>group-size</c>); null for no limit of the course's own.</summary>
    public int? GroupSize { get; init; }

    /// <summary>The tutorials; empty when the course has none.</summary>
    public IReadOnlyList<CourseTutorial> Tutorials { get; init; } = [];

    /// <summary>True when the course hands in by groups (in the file; an LMS export's groups come with <see cref="GroupsFile"/>).</summary>
    public bool HasGroups => Groups.Count > 0 || GroupsFile is not null;

    /// <summary>The groups that hold for <paramref name="sheet"/>: the sheet's own when it has any, else the semester's.</summary>
    public IReadOnlyList<CourseGroup> GroupsOf(string sheet)
    {
        var own = Groups.Where(g => g.Sheet == sheet).ToArray();
        return own.Length > 0 ? own : [.. Groups.Where(g => g.Sheet is null)];
    }

    /// <summary>The tutorial of <paramref name="student"/> (compared by <paramref name="studentKey"/>); null when in none.</summary>
    public string? TutorialOf(string student, Func<string, string> studentKey)
    {
        ArgumentNullException.ThrowIfNull(studentKey);
        var key = studentKey(student);
        return Tutorials.FirstOrDefault(t => t.Students.Any(s => studentKey(s) == key))?.Id;
    }

    /// <summary>
    /// The one tutorial <paramref name="group"/>'s hand-in is graded in: the one its table declares (<c>tutorial = "…"</c>),
    /// else the tutorial most of its members are in (a tie goes to the tutorial the course lists first); null when no
    /// member is in a tutorial. A group whose members sit in two tutorials is one hand-in, first on one tutor's page only.
    /// </summary>
    public string? TutorialOfGroup(CourseGroup group, Func<string, string> studentKey)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(studentKey);
        if (group.Tutorial is { Length: > 0 } declared)
        {
            return declared;
        }

        var counts = MemberTutorials(group, studentKey);
        return counts.Count == 0 ? null : counts[0].Tutorial;
    }

    /// <summary>The tutorials of <paramref name="group"/>'s members with how many are in each, most first (ties in the course's order).</summary>
    public IReadOnlyList<(string Tutorial, int Members)> MemberTutorials(CourseGroup group, Func<string, string> studentKey)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(studentKey);
        var of = group.Members.Select(m => TutorialOf(m, studentKey)).OfType<string>().ToArray();
        return Tutorials.Select((t, order) => (t.Id, Count: of.Count(id => id == t.Id), order))
            .Where(t => t.Count > 0)
            .OrderByDescending(t => t.Count).ThenBy(t => t.order)
            .Select(t => (t.Id, t.Count))
            .ToArray();
    }
}
