using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// One hand-in of a sheet's latest run as the course's one derivation gives it (<see cref="DeskGrades"/>, issue 80): the
/// sheet of a student whose hand-in it is (<see cref="Total"/>), its standing manual scores with who gave each and their
/// versions, and the tutors' comments on it.
/// </summary>
/// <param name="Handin">The hand-in (a student's name, or a group's id).</param>
/// <param name="Total">The derivation's sheet of a student whose hand-in it is (a group member's); null when no student's grade counts it (a member's own hand-in beside their group's).</param>
/// <param name="Scores">The standing manual scores of the hand-in: <see cref="SheetTotal.Scores"/>, or for a hand-in no grade counts the ones of the same stored state.</param>
/// <param name="Comments">The tutors' inline comments on it, from the same place.</param>
public sealed record HandinStanding(string Handin, SheetTotal? Total, IReadOnlyList<ManualScoreEntry> Scores, IReadOnlyList<StoredComment> Comments)
{
    /// <summary>The standing score of one manual item, or null while it has none.</summary>
    public ManualScoreEntry? Scored(string task, string item) => Scores.FirstOrDefault(s => s.TaskId == task && s.ItemId == item);
}
