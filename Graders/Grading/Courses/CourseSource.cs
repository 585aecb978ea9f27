using Grader.Checks.Courses;
using Grader.Checks.Packs;
using Grader.Grading.Discovery;

namespace Grader.Grading.Courses;

/// <summary>
/// Reads a course file a tutor names (<c>grader course check</c>, and every verb that takes <c>--course</c>) with the
/// same reader and messages: a tutor input (at most <see cref="TutorInput"/>'s size), every problem at once.
/// </summary>
public static class CourseSource
{
    /// <summary>Reads <paramref name="path"/> and returns it with every problem found (none when it can be used).</summary>
    /// <param name="path">The course file, as the tutor named it (problems name it so).</param>
    /// <param name="packs">The exercise packs whose task ids a course may use.</param>
    /// <param name="now">The time of the run for the deadline check; null to skip it (grading runs after deadlines).</param>
    /// <exception cref="CourseProblemsException">The file does not exist or cannot be read.</exception>
    public static TutorCourseDocument Read(string path, IReadOnlyList<ExercisePack> packs, DateTimeOffset? now) => Read(path, Bytes(path), packs, now);

    /// <summary>Reads <paramref name="path"/> for a verb that uses it, with the bytes it was read from (for their hash): refused, with every problem, unless it has none.</summary>
    /// <exception cref="CourseProblemsException">The file cannot be read or has problems.</exception>
    public static (TutorCourseDocument Course, byte[] Bytes) LoadWithBytes(string path, IReadOnlyList<ExercisePack> packs)
    {
        var bytes = Bytes(path);
        return (Usable(Read(path, bytes, packs, now: null), path), bytes);
    }

    /// <summary>A course file's text from its bytes, as every reader of it decodes them (UTF-8, a byte order mark honoured).</summary>
    public static string Text(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static TutorCourseDocument Read(string path, byte[] bytes, IReadOnlyList<ExercisePack> packs, DateTimeOffset? now)
    {
        var semester = new CourseSemesterReader(StudentName.Key);
        var document = CourseToml.Read(Text(bytes), path, packs, now, requireRubricTexts: true, semester);
        return WithLmsGroups(new TutorCourseDocument(document, semester.Semester), path);
    }

    /// <summary>The course with the groups of the LMS export its <c>[semester]</c> names (<see cref="LmsGroupCsv"/>), checked by the rules the file's own groups obey.</summary>
    private static TutorCourseDocument WithLmsGroups(TutorCourseDocument course, string path)
    {
        if (course.Semester is not { GroupsFile: { } groupsFile } semester)
        {
            return course;
        }

        var csv = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, groupsFile);
        var shown = Path.Combine(Path.GetDirectoryName(path) ?? "", groupsFile);
        var (groups, problems) = LmsGroupCsv.Read(csv, shown);
        var all = problems.ToList();
        if (semester.Groups.Any(g => g.Sheet is null))
        {
            all.Add(new CourseProblem(path, 1, 1, CourseProblemKind.Group, "[semester] has both groups-file and [[semester.group]]; give the semester's groups one way."));
        }

        all.AddRange(CourseGroupRules.Groups(groups, semester.StudentsFile is null ? semester.Students : null, semester.GroupSize, StudentName.Key));
        return course with
        {
            Semester = semester with { Groups = [.. groups.Select(g => g.Value), .. semester.Groups] },
            Problems = [.. course.Problems, .. all],
        };
    }

    private static byte[] Bytes(string path)
    {
        try
        {
            return TutorInput.ReadAllBytes(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CourseProblemsException($"{path}: the course file does not exist.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CourseProblemsException($"{path}: the course file could not be read: {e.Message}");
        }
    }

    private static TutorCourseDocument Usable(TutorCourseDocument course, string path) =>
        course.IsValid ? course : throw new CourseProblemsException($"{course.ProblemText}\n{path}: {course.Problems.Count} problem(s); 'grader course check {path}' lists them.");

    /// <summary>Reads <paramref name="path"/> for a verb that uses it: refused, with every problem, unless it has none.</summary>
    /// <exception cref="CourseProblemsException">The file cannot be read or has problems.</exception>
    public static TutorCourseDocument Load(string path, IReadOnlyList<ExercisePack> packs) => Usable(Read(path, packs, now: null), path);
}
