using Grader.Grading.Discovery;

namespace Grader.Semester;

/// <summary>
/// One course's semester as the tutor sets it up in the course's TOML file (<c>[semester]</c>): its students, its sheets
/// with their deadlines, per-student extensions, the late policy, the share of all sheets' points that admits to the
/// exam, and where the semester gradebook (<see cref="CourseGradebook"/>) lives. <see cref="Load"/> refuses anything
/// it cannot use with one message naming the file and the field.
/// </summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Name">The course's name, for reports.</param>
/// <param name="Gradebook">The SQLite file's full path (relative paths in the file are relative to it).</param>
/// <param name="Admission">The share of all sheets' points (0 … 1) a student needs for the exam.</param>
/// <param name="Students">The course's students, as their hand-ins are named.</param>
/// <param name="Sheets">The course's sheets and deadlines, in deadline order.</param>
/// <param name="Extensions">Per-student extensions.</param>
/// <param name="Late">The late policy.</param>
public sealed record CourseFile(
    string Path,
    string Name,
    string Gradebook,
    double Admission,
    IReadOnlyList<string> Students,
    IReadOnlyList<SheetDeadline> Sheets,
    IReadOnlyList<Extension> Extensions,
    LatePolicy Late)
{
    /// <summary>The TOML file's <c>[semester]</c> as read (its groups and tutorials, issue 68); null for a course made in code.</summary>
    public Grader.Grading.Courses.CourseSemester? Semester { get; init; }

    /// <summary>The conventional name of the file.</summary>
    public const string FileName = "course.toml";

    /// <summary>The sheet's deadline entry, or null when the course does not have the sheet.</summary>
    public SheetDeadline? FindSheet(string sheet) => Sheets.FirstOrDefault(s => s.Sheet == sheet);

    /// <summary>
    /// Reads and checks <paramref name="path"/>, a course's TOML file with its <c>[semester]</c> (<see cref="CourseTomlSemester"/>),
    /// against <paramref name="catalog"/>. A <c>course.json</c> (the old format) is refused with how to convert it once.
    /// </summary>
    public static CourseFile Load(string path, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(path);
        if (CourseTomlSemester.Names(path))
        {
            return CourseTomlSemester.Load(path, catalog);
        }

        var full = System.IO.Path.GetFullPath(path);
        throw new CourseFileException(path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? $"'{full}' is a course.json, which this grader no longer reads: a course is one .toml file (courses/README.md). Convert it once with 'grader course convert {full}' (it writes the .toml beside it, the same students, deadlines, extensions, late policy, admission and gradebook) and give that file."
            : $"'{full}' is not a course file: a course is a .toml file with a [semester] (courses/README.md; 'grader course new' writes one).");
    }

    /// <summary>Refuses, with <paramref name="bad"/>'s message, a student that cannot be a hand-in's name or one listed twice (case and Unicode composition ignored).</summary>
    internal static void RequireUsableStudents(IReadOnlyList<string> students, Func<string, CourseFileException> bad)
    {
        foreach (var student in students)
        {
            if (StudentName.Problem(student) is { } problem)
            {
                throw bad($"the student \"{StudentName.Escape(student, keepPathSeparators: true)}\" cannot be a hand-in's name: {problem}");
            }
        }

        if (students.GroupBy(StudentName.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw bad($"the student \"{twice.First()}\" is listed twice (names that differ only in case or Unicode composition are one student).");
        }
    }
}
