using Grader.Checks.Courses;

namespace Grader.Grading.Courses;

/// <summary>
/// A course file as the tutor's side reads it (<see cref="CourseSource"/>): the document the student's reader gives, with
/// its <c>[semester]</c> (<see cref="CourseSemesterReader"/>), whose problems are among the document's.
/// </summary>
public sealed record TutorCourseDocument : CourseDocument
{
    /// <summary>The document <paramref name="document"/> with its semester <paramref name="semester"/>.</summary>
    public TutorCourseDocument(CourseDocument document, CourseSemester? semester)
        : base(document)
    {
        Semester = semester;
    }

    /// <summary>The <c>[semester]</c> part (students, groups, tutorials, extensions); null when the file has none.</summary>
    public CourseSemester? Semester { get; init; }
}
