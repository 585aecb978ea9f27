using Grader.Grading.Groups;

namespace Grader.Semester;

/// <summary>
/// What of the stored course state a grade is derived from (<see cref="CourseGrades.Of"/>), read in one go: the manual
/// scores of the hand-ins read (each with the tutor who gave it and its version), each course sheet's latest recorded run (null: not graded yet) with those hand-ins,
/// which of the students asked for the gradebook knows (every one it knows when the whole course is read), each
/// course sheet's groups and tutorials as the course file has them (<see cref="CourseGrades.Rosters"/>; null: no groups),
/// built once for the hand-ins read and the grades derived, and (issue 80) the sheets released, the regrade requests
/// of the students read (a group's, every member's) and the tutors' inline comments on the hand-ins read.
/// </summary>
internal sealed record GradebookSnapshot(IReadOnlyList<ManualScoreEntry> Manual, IReadOnlyDictionary<string, StoredRun?> Latest, IReadOnlyCollection<string> Known,
    IReadOnlyDictionary<string, GroupRoster?> Rosters)
{
    /// <summary>The sheets released to students, with who released them and when.</summary>
    public IReadOnlyDictionary<string, (string Tutor, string Released)> Releases { get; init; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal);

    /// <summary>The regrade requests filed by the students read (and their groups' members), every sheet's, open first.</summary>
    public IReadOnlyList<RegradeRequest> Regrades { get; init; } = [];

    /// <summary>The tutors' inline comments (deleted ones left out) on the hand-ins read, in file, line and id order.</summary>
    public IReadOnlyList<StoredComment> Comments { get; init; } = [];
}
