using Grader.Grading.Discovery;
using Grader.Grading.Groups;

namespace Grader.Grading.Reporters;

/// <summary>
/// A group course's gradebook rows: one per student of the course (<see cref="GroupRoster.Students"/>), each member of a
/// group with the group hand-in's grade (the same <see cref="HandinReport"/>, named for the member), a student who hands
/// in alone with their own, and a student with no hand-in as "not handed in" (status refused: 0 automatic points, the
/// reason in the note), so an LMS import gives them 0 instead of skipping them.
/// </summary>
public static class GroupRows
{
    /// <summary>The reason of a student's row when neither they nor their group handed in.</summary>
    public const string NotHandedIn = "not handed in";

    /// <summary>One report per student of <paramref name="roster"/> (and per other hand-in found), by student (ordinal).</summary>
    public static IReadOnlyList<HandinReport> PerMember(IEnumerable<HandinReport> handins, GroupRoster roster, GradingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(handins);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(summary);
        var rows = new Dictionary<string, HandinReport>(StringComparer.Ordinal);
        var all = handins.ToArray();
        foreach (var report in all.Where(r => roster.GroupNamed(r.Student) is not null))
        {
            foreach (var member in roster.GroupNamed(report.Student)!.Members)
            {
                rows[StudentName.Key(member)] = report with { Student = member };
            }
        }

        foreach (var report in all.Where(r => roster.GroupNamed(r.Student) is null))
        {
            rows.TryAdd(StudentName.Key(report.Student), report);
        }

        foreach (var student in roster.Students)
        {
            if (!rows.ContainsKey(StudentName.Key(student)))
            {
                rows[StudentName.Key(student)] = HandinGrade.Of(RefusedHandin.Report(student, NotHandedIn, summary.Assignment, summary.Run), summary.Manual);
            }
        }

        return [.. rows.Values.OrderBy(r => r.Student, StringComparer.Ordinal)];
    }
}
