using Grader.Checks.Courses;
using Grader.Grading.Courses;
using Grader.Grading.Discovery;
using Grader.Grading;

namespace Grader.Grading.Groups;

/// <summary>
/// A group course's hand-ins before anything runs: each group hand-in's <c>members.txt</c> compared with the course's
/// group (<see cref="MembersFile.Conflict"/>: shown in <c>summary.md</c>'s problems, never a silent choice), and a student
/// who hands in twice for the sheet (alone, and with a group that handed in) refused with one message naming both: the
/// lone hand-in is not compiled nor run, the group's hand-in is the student's grade, and the run goes on.
/// </summary>
public static class GroupIntake
{
    /// <summary>The hand-ins to grade, and the problems found.</summary>
    public static (IReadOnlyList<DiscoveredHandin> Kept, IReadOnlyList<InputProblem> Problems) Check(IReadOnlyList<DiscoveredHandin> handins, GroupRoster roster)
    {
        ArgumentNullException.ThrowIfNull(handins);
        ArgumentNullException.ThrowIfNull(roster);
        var problems = new List<InputProblem>();
        var kept = new List<DiscoveredHandin>();
        var groupsHandedIn = handins.Select(h => roster.GroupNamed(h.Student)).OfType<CourseGroup>().ToHashSet();
        foreach (var handin in handins)
        {
            if (roster.GroupNamed(handin.Student) is { } group)
            {
                // A folder's or a zip's members.txt (a zip is read in memory, as its code is).
                var (names, problem) = Directory.Exists(handin.Path) ? MembersFile.Read(handin.Path)
                    : handin.Path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? MembersFile.ReadZip(handin.Path) : (null, null);
                if (problem is not null)
                {
                    problems.Add(new InputProblem(handin.Path, handin.Student, $"group {group.Id}: {problem}", Skipped: false));
                }

                if (names is not null && MembersFile.Conflict(group, names, roster) is { } conflict)
                {
                    problems.Add(new InputProblem(handin.Path, handin.Student, conflict, Skipped: false));
                }

                kept.Add(handin);
            }
            else if (roster.GroupOf(handin.Student) is { } own && groupsHandedIn.Contains(own))
            {
                problems.Add(HandedInTwice(handin.Path, handin.Student, roster, own));
            }
            else
            {
                kept.Add(handin);
            }
        }

        return (kept, problems);
    }

    /// <summary>
    /// The problem of <paramref name="student"/>'s own hand-in (at <paramref name="path"/>) of a sheet their group
    /// <paramref name="group"/> handed in too: it is not graded, the group's is the student's grade.
    /// </summary>
    public static InputProblem HandedInTwice(string path, string student, GroupRoster roster, CourseGroup group)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(group);
        return new InputProblem(path, student,
            $"{StudentName.Escape(student)} handed in twice for sheet {roster.Sheet}: alone, as '{StudentName.Escape(student)}', and with group {group.Id}; "
            + $"this hand-in was not graded, the group's is {StudentName.Escape(student)}'s grade.", Skipped: true);
    }
}
