using Grader.Grading.Courses;
using Grader.Grading.Discovery;

namespace Grader.Semester;

/// <summary>
/// The semester of a course file in TOML (<c>courses/*.toml</c>, <see cref="CourseSource"/>) as the semester commands use
/// it (<see cref="CourseFile"/>): the students of <c>[semester]</c> (listed, or one a line in <c>students-file</c>), each
/// sheet's deadline, the extensions, the late policy, the admission share and the gradebook. A course with problems is
/// refused with the same located messages <c>grader course check</c> prints.
/// </summary>
public static class CourseTomlSemester
{
    /// <summary>Whether <paramref name="path"/> names a TOML course file (anything else is refused by <see cref="CourseFile.Load"/>).</summary>
    public static bool Names(string path) => path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="path"/> (its task ids against <paramref name="catalog"/>'s packs) and checks its semester.</summary>
    /// <exception cref="CourseFileException">The file cannot be read, has problems, or lacks what the semester needs.</exception>
    public static CourseFile Load(string path, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Grader.Grading.Courses.TutorCourseDocument course;
        try
        {
            course = CourseSource.Load(path, catalog.Packs);
        }
        catch (CourseProblemsException e)
        {
            throw new CourseFileException(e.Message);
        }

        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        CourseFileException Bad(string message) => new($"{full}: {message}");
        var semester = course.Semester ?? throw Bad("it has no [semester]; give the students, the admission share and the late policy there, and each sheet's deadline (courses/README.md).");
        var admission = semester.Admission ?? throw Bad("[semester] has no admission: the share of all sheets' points (e.g. 0.5) that admits to the exam.");
        var students = (semester.StudentsFile is { } list ? StudentsFile(Path.Combine(folder, list), Bad) : semester.Students).Select(StudentName.Normal).ToArray();
        CourseFile.RequireUsableStudents(students, Bad);

        var sheets = new List<SheetDeadline>();
        // The course's sheets are its own (a new id such as "105" takes the packs' tasks): none is looked up in the shipped catalog.
        foreach (var sheet in course.Sheets)
        {
            sheets.Add(new SheetDeadline(sheet.Id, course.Deadlines.TryGetValue(sheet.Id, out var deadline)
                ? deadline
                : throw Bad($"sheet {sheet.Id} has no deadline; give it one, e.g. deadline = 2026-11-05T12:00:00+01:00."),
                course.RegradeDeadlines.TryGetValue(sheet.Id, out var regrade) ? regrade : null));
        }

        if (semester.Extensions.FirstOrDefault(e => !students.Contains(StudentName.Normal(e.Student), StringComparer.Ordinal)) is { } stranger)
        {
            throw Bad($"the extension names \"{stranger.Student}\", who is not one of the course's students.");
        }

        return new CourseFile(full, course.Course!.ToString(), Path.GetFullPath(Path.Combine(folder, semester.Gradebook ?? "semester.db")), admission, students,
            [.. sheets.OrderBy(s => s.Deadline)], [.. semester.Extensions.Select(e => new Extension(StudentName.Normal(e.Student), e.Sheet, e.Days))],
            new LatePolicy(semester.GraceDays, semester.PenaltyPerDay))
        {
            Semester = semester,
        };
    }

    /// <summary>The names in <paramref name="path"/>, one a line; blank lines and lines starting with '#' are left out.</summary>
    private static string[] StudentsFile(string path, Func<string, CourseFileException> bad)
    {
        try
        {
            return [.. TutorInput.ReadAllText(path).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw bad($"its students-file '{path}' does not exist.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw bad($"its students-file '{path}' could not be read: {e.Message}");
        }
    }
}
