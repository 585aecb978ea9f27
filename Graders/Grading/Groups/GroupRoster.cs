using Grader.Checks.Courses;
using Grader.Grading.Courses;
using Grader.Grading.Discovery;

namespace Grader.Grading.Groups;

/// <summary>
/// Who hands in with whom for one sheet of a group course (<see cref="CourseSemester.GroupsOf"/>), and each student's
/// tutorial: what turns one group hand-in into a row per member. Names are compared as hand-ins' names are
/// (<see cref="StudentName.Key"/>: case and Unicode composition ignored). A course without groups has no roster
/// (<see cref="Of"/> returns null) and its outputs are what they always were.
/// </summary>
public sealed class GroupRoster
{
    private readonly Dictionary<string, CourseGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CourseGroup> _groupOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tutorialOf = new(StringComparer.Ordinal);
    private readonly CourseSemester _semester;

    private GroupRoster(string sheet, CourseSemester semester)
    {
        var groups = semester.GroupsOf(sheet);
        var students = semester.Students;
        var tutorials = semester.Tutorials;
        _semester = semester;
        Sheet = sheet;
        foreach (var group in groups)
        {
            _groups[StudentName.Key(group.Id)] = group;
            foreach (var member in group.Members)
            {
                _groupOf[StudentName.Key(member)] = group;
            }
        }

        foreach (var tutorial in tutorials)
        {
            foreach (var student in tutorial.Students)
            {
                _tutorialOf.TryAdd(StudentName.Key(student), tutorial.Id);
            }
        }

        Groups = groups;
        Students = [.. students.Concat(groups.SelectMany(g => g.Members)).DistinctBy(StudentName.Key).Order(StringComparer.Ordinal)];
        Tutorials = tutorials;
    }

    /// <summary>The sheet.</summary>
    public string Sheet { get; }

    /// <summary>The sheet's groups.</summary>
    public IReadOnlyList<CourseGroup> Groups { get; }

    /// <summary>Every student of the course (listed, or a member of a group), by name (ordinal): each has one row in every output.</summary>
    public IReadOnlyList<string> Students { get; }

    /// <summary>The course's tutorials.</summary>
    public IReadOnlyList<CourseTutorial> Tutorials { get; }

    /// <summary>The roster of <paramref name="sheet"/>, or null when the course hands in alone (no groups, no tutorials).</summary>
    public static GroupRoster? Of(CourseSemester? semester, string sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        if (semester is null || (!semester.HasGroups && semester.Tutorials.Count == 0))
        {
            return null;
        }

        return new GroupRoster(sheet, semester);
    }

    /// <summary>The group a hand-in named <paramref name="handin"/> is, or null when it is no group's id.</summary>
    public CourseGroup? GroupNamed(string handin) => _groups.GetValueOrDefault(StudentName.Key(handin));

    /// <summary>The group of <paramref name="student"/> for this sheet, or null when they hand in alone.</summary>
    public CourseGroup? GroupOf(string student) => _groupOf.GetValueOrDefault(StudentName.Key(student));

    /// <summary>The tutorial of <paramref name="student"/> (the LMS file's Section), or "" when they are in none.</summary>
    public string TutorialOf(string student) => _tutorialOf.GetValueOrDefault(StudentName.Key(student), "");

    /// <summary>
    /// The one tutorial a hand-in named <paramref name="handin"/> is graded in: a group's (declared, else its members'
    /// majority: <see cref="CourseSemester.TutorialOfGroup"/>), else its student's; "" when none.
    /// </summary>
    public string TutorialOfHandin(string handin) =>
        GroupNamed(handin) is { } group ? _semester.TutorialOfGroup(group, StudentName.Key) ?? "" : TutorialOf(handin);

    /// <summary>The students a hand-in named <paramref name="handin"/> grades: a group's members, else the one student.</summary>
    public IReadOnlyList<string> MembersOf(string handin) => GroupNamed(handin)?.Members ?? [handin];
}
