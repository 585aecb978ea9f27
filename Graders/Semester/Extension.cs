namespace Grader.Semester;

/// <summary>More time one student was given for one sheet.</summary>
/// <param name="Student">The student, as the hand-ins name them.</param>
/// <param name="Sheet">The sheet id.</param>
/// <param name="Days">Whole days added to the sheet's deadline.</param>
public sealed record Extension(string Student, string Sheet, int Days);
