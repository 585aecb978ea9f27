namespace Grader.Checks.Courses;

/// <summary>
/// The semester part of a course file (<c>[semester]</c>): who takes the course, the late policy, the exam admission and
/// where the semester gradebook lives. The deadlines are the sheets' (<see cref="CourseDocument.Deadlines"/>).
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
    IReadOnlyList<CourseExtension> Extensions);
