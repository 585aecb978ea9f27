using System.Text;
using Grader.Checks.Courses;

namespace Grader.Checks.Catalog;

// The course files the catalog is made of: courses/*.toml at the repository root, embedded in this assembly under
// "courses/" (Grader.Checks.csproj), so the installed tool carries them. A student repository receives them stripped of
// the rubric texts (CourseToml.StripRubricTexts), and compiles them in the same way.
public sealed partial class CourseCatalog
{
    /// <summary>The prefix of the embedded course files' resource names.</summary>
    public const string CourseResourcePrefix = "courses/";

    /// <summary>The course files carried in this assembly, read (with their rubric texts when the assembly has them), in name order.</summary>
    public static IReadOnlyList<CourseDocument> ShippedCourses => Shipped.Value;

    /// <summary>The text of the carried course file <paramref name="name"/> (e.g. "courses/dtu-02460-2024.toml").</summary>
    /// <exception cref="ArgumentException">No such file is carried.</exception>
    public static string ShippedCourseText(string name)
    {
        using var stream = typeof(CourseCatalog).Assembly.GetManifestResourceStream(name) ?? throw new ArgumentException($"No course file {name} is carried in {typeof(CourseCatalog).Assembly.GetName().Name}.", nameof(name));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The task ids <paramref name="packs"/> bind checks to: the ids a course file's tasks with automatic points may have.</summary>
    public static IReadOnlySet<string> BoundTaskIds(IEnumerable<ExercisePack> packs) =>
        packs.SelectMany(p => p.Bindings).Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The catalog of <paramref name="courses"/> joined with <paramref name="packs"/>: the sheets in id order, each sheet's tasks in
    /// file order; the manual items keep their ids, points and levels' points, not the rubric texts (the side students receive;
    /// the tutor's side joins them), unless <paramref name="keepRubrics"/> (a tutor's own course file, <c>--course</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A course has problems (<see cref="CourseDocument.ProblemText"/>).</exception>
    public static CourseCatalog FromCourses(IEnumerable<CourseDocument> courses, IEnumerable<ExercisePack> packs, bool keepRubrics = false)
    {
        var documents = courses.ToArray();
        if (documents.FirstOrDefault(d => !d.IsValid) is { } broken)
        {
            throw new ArgumentException($"The course file {broken.File} has problems:\n{broken.ProblemText}", nameof(courses));
        }

        var sheets = documents.SelectMany(d => d.Sheets).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        var order = sheets.Select((s, i) => (s.Id, i)).ToDictionary(s => s.Id, s => s.i, StringComparer.Ordinal);
        var tasks = documents.SelectMany(d => d.Tasks).OrderBy(t => order[t.Sheet])
            .Select(t => keepRubrics ? t : t with { Manual = [.. t.Manual.Select(m => m with { Rubric = null, Levels = [.. m.Levels.Select(l => l with { Text = "" })] })] });
        return new CourseCatalog(sheets, tasks, packs);
    }

    private static IReadOnlyList<CourseDocument> ReadShippedCourses()
    {
        var packs = RegisteredPacks();
        var names = typeof(CourseCatalog).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(CourseResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".toml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        return [.. names.Select(n => CourseToml.Read(ShippedCourseText(n), n, packs, now: null, requireRubricTexts: false))];
    }
}
