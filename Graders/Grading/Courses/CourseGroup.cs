namespace Grader.Grading.Courses;

/// <summary>
/// A group of students that hands in once (the Heidelberg sheets: "only once for your group of three"): a
/// <c>[[semester.group]]</c> holds for every sheet, a <c>[[sheet.group]]</c> for its sheet only (students regroup between
/// sheets; a sheet with any group of its own uses only those), or a row of the LMS group export (<c>groups-file</c>).
/// </summary>
/// <param name="Id">The group's id: its hand-in (folder, zip or repository) is named by it.</param>
/// <param name="Members">The members, as the course lists its students.</param>
/// <param name="Sheet">The sheet it holds for; null for the whole semester.</param>
/// <param name="Tutorial">The tutorial its hand-in is graded in (<c>tutorial = "…"</c>); null to take its members' majority
/// (<see cref="CourseSemester.TutorialOfGroup"/>).</param>
public sealed record CourseGroup(string Id, IReadOnlyList<string> Members, string? Sheet, string? Tutorial = null);
