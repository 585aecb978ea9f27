using System.Text;
using Grader.Grading.Courses;
using Grader.Grading.Reporters;

namespace Grader.Semester;

/// <summary>
/// A course's TOML file written from a semester (<see cref="CourseFile"/>): the course's name, each sheet as the shipped
/// course file that has it writes it (its tasks, points, manual items and rubric levels) with the semester's deadline
/// (and regrade deadline) added, and a <c>[semester]</c> with the students, admission share, gradebook, late policy and
/// extensions. What <c>grader course convert</c> makes of an old <c>course.json</c>; read back by <see cref="CourseFile.Load"/>,
/// it is the same semester.
/// </summary>
public static class CourseTomlWriter
{
    /// <summary>The TOML text of <paramref name="semester"/>, its gradebook written relative to <paramref name="folder"/> (the new file's folder).</summary>
    /// <exception cref="CourseFileException">A sheet of the semester is in no shipped course file.</exception>
    public static string Write(CourseFile semester, string institution, string year, string folder)
    {
        ArgumentNullException.ThrowIfNull(semester);
        ArgumentNullException.ThrowIfNull(folder);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Written by grader course convert from {Quote(semester.Path)}.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"id = {Quote(Id(semester.Name))}\ninstitution = {Quote(institution)}\nname = {Quote(semester.Name)}\nyear = {Quote(year)}\n\n");
        foreach (var sheet in semester.Sheets)
        {
            text.Append(SheetBlock(sheet));
        }

        text.Append("[semester]\n");
        text.Append(CultureInfo.InvariantCulture, $"students = [{string.Join(", ", semester.Students.Select(Quote))}]\n");
        text.Append(CultureInfo.InvariantCulture, $"admission = {Csv.Number(semester.Admission)}\n");
        text.Append(CultureInfo.InvariantCulture, $"gradebook = {Quote(Path.GetRelativePath(folder, semester.Gradebook).Replace('\\', '/'))}\n");
        text.Append(CultureInfo.InvariantCulture, $"late = {{ grace-days = {semester.Late.GraceDays.ToString(CultureInfo.InvariantCulture)}, penalty-per-day = {Csv.Number(semester.Late.PenaltyPerDay)} }}\n");
        if (semester.Extensions.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"extension = [{string.Join(", ", semester.Extensions.Select(e => $"{{ student = {Quote(e.Student)}, sheet = {Quote(e.Sheet)}, days = {e.Days.ToString(CultureInfo.InvariantCulture)} }}"))}]\n");
        }

        return text.ToString();
    }

    /// <summary>A sheet's <c>[[sheet]]</c> and its tasks, as the shipped course file writes them, with the deadline(s) after its id.</summary>
    private static string SheetBlock(SheetDeadline sheet)
    {
        var marker = $"[[sheet]]\nid = \"{sheet.Sheet}\"\n";
        foreach (var name in ShippedCourseNames())
        {
            var course = CourseCatalog.ShippedCourseText(name).ReplaceLineEndings("\n");
            var start = course.IndexOf(marker, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            var next = new[] { course.IndexOf("\n[[sheet]]\n", start + marker.Length, StringComparison.Ordinal), course.IndexOf("\n[semester]", start + marker.Length, StringComparison.Ordinal) }
                .Where(i => i >= 0).DefaultIfEmpty(course.Length).Min();
            var block = course[start..next].TrimEnd('\n') + "\n\n";
            var deadlines = $"deadline = {Time(sheet.Deadline)}\n" + (sheet.RegradeDeadline is { } regrade ? $"regrade = {Time(regrade)}\n" : "");
            return block.Insert(marker.Length, deadlines);
        }

        throw new CourseFileException($"sheet {sheet.Sheet} is in no course file this grader carries, so its tasks cannot be written; write its [[sheet]] by hand (courses/README.md).");
    }

    private static IEnumerable<string> ShippedCourseNames() =>
        CourseCatalog.ShippedCourses.Select(c => c.File).Where(f => f.StartsWith(CourseCatalog.CourseResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>A TOML offset date-time (seconds always written: TOML requires them).</summary>
    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>A TOML string, as <c>grader course new</c> writes one (<see cref="CourseTemplate.TomlString"/>).</summary>
    private static string Quote(string text) => CourseTemplate.TomlString(text);

    /// <summary>A course id from its name: lower-case ASCII letters and digits, other runs as one '-'.</summary>
    private static string Id(string name)
    {
        var id = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }

        return id.ToString().Trim('-') is { Length: > 0 } made ? made : "course";
    }
}
