using Grader.Checks.Courses;

namespace Grader.Cli.Assign;

/// <summary>
/// The course file a student repository receives: the carried course file (<see cref="CourseCatalog.ShippedCourses"/>)
/// that holds the assignment's sheet, stripped of its rubric texts (<see cref="CourseToml.StripRubricTexts"/>; points,
/// notes and comments stay), at the path its <c>Graders/Checks</c> project embeds it from, so the student's copy of the
/// catalog is read from it.
/// </summary>
public static class StudentCourseFile
{
    /// <summary>The folder of the course files in the grader repository and in a student repository.</summary>
    public const string Folder = "courses";

    /// <summary>The repository-relative path and the stripped text of the course file of <paramref name="assignment"/>'s sheet.</summary>
    /// <exception cref="AssignException">No carried course file has the sheet, or its rubric texts cannot be stripped.</exception>
    public static (string Path, string Text) Of(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var course = CourseCatalog.ShippedCourses.FirstOrDefault(c => c.Sheets.Any(s => s.Id == assignment.Sheet.Id))
            ?? throw new AssignException($"No course file carried by the grader has sheet {assignment.Sheet.Id}.");
        try
        {
            return (course.File, CourseToml.StripRubricTexts(CourseCatalog.ShippedCourseText(course.File), course.File));
        }
        catch (InvalidOperationException e)
        {
            throw new AssignException(e.Message);
        }
    }

    /// <summary>
    /// The repository-relative path and the text of a tutor's course file (<c>grader assign --course FILE</c>, its text
    /// <paramref name="text"/> already checked) for <paramref name="assignment"/>: only that sheet, no semester, no rubric
    /// texts (<see cref="CourseToml.ForStudents"/>), at <c>courses/</c> under the file's own name.
    /// </summary>
    /// <exception cref="AssignException">The file cannot be cut to the sheet.</exception>
    public static (string Path, string Text) Of(Assignment assignment, string file, string text)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var name = $"{Folder}/{Path.GetFileNameWithoutExtension(file)}.toml";
        try
        {
            return (name, CourseToml.ForStudents(text, file, assignment.Sheet.Id));
        }
        catch (InvalidOperationException e)
        {
            throw new AssignException(e.Message);
        }
    }
}
