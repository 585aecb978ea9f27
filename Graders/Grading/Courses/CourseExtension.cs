namespace Grader.Grading.Courses;

/// <summary>More time one student was given for one sheet, as the course file states it.</summary>
/// <param name="Student">The student, as the hand-ins name them.</param>
/// <param name="Sheet">The sheet id.</param>
/// <param name="Days">Whole days added to the sheet's deadline (1 … 365).</param>
public sealed record CourseExtension(string Student, string Sheet, int Days);
