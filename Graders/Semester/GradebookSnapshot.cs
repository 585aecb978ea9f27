using Grader.Grading.Groups;

namespace Grader.Semester;

/// <summary>
/// What of the stored course state a grade is derived from (<see cref="CourseGrades.Of"/>), read in one go: the manual
/// scores of the hand-ins read, each course sheet's latest recorded run (null: not graded yet) with those hand-ins,
/// which of the students asked for the gradebook knows (every one it knows when the whole course is read), and each
/// course sheet's groups and tutorials as the course file has them (<see cref="CourseGrades.Rosters"/>; null: no groups),
/// built once for the hand-ins read and the grades derived.
/// </summary>
internal sealed record GradebookSnapshot(IReadOnlyList<ManualScore> Manual, IReadOnlyDictionary<string, StoredRun?> Latest, IReadOnlyCollection<string> Known,
    IReadOnlyDictionary<string, GroupRoster?> Rosters);
