using Grader.Checks.Courses;
using Grader.Grading.Reporters;

namespace Grader.Grading.Courses;

/// <summary>
/// The groups of an LMS group export a course names (<c>groups-file</c> in <c>[semester]</c>): Canvas's "Export groups to
/// CSV" (<c>name, canvas_user_id, user_id, login_id, sections, group_name, …</c>) or a Moodle-style file with a
/// <c>groupname</c> and a <c>username</c> column; one row per student, a row with an empty group is a student in none.
/// The student is the <c>login_id</c>, <c>username</c> or <c>student</c> column (as the course lists its students), the
/// group the <c>group_name</c>, <c>groupname</c> or <c>group</c> column. It is a tutor's input, read through
/// <see cref="TutorInput"/> (16 MiB at most) and strictly: a NUL, an unclosed quote, a missing column, a row too short
/// are one <see cref="CourseProblem"/> at their row, and no group is taken from a file with one.
/// </summary>
public static class LmsGroupCsv
{
    private static readonly string[] GroupColumns = ["group_name", "groupname", "group"];
    private static readonly string[] StudentColumns = ["login_id", "username", "student"];

    /// <summary>The most rows read; a course's export has one per student.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Reads <paramref name="path"/> (named <paramref name="shown"/> in problems) into the semester's groups, or the problems that keep it from being used.</summary>
    public static (IReadOnlyList<Located<CourseGroup>> Groups, IReadOnlyList<CourseProblem> Problems) Read(string path, string shown)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shown);
        CourseProblem Problem(int row, int column, string message) => new(shown, row, column, CourseProblemKind.Group, message);
        string text;
        try
        {
            text = TutorInput.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ([], [Problem(1, 1, "the LMS group file (groups-file) does not exist.")]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], [Problem(1, 1, $"the LMS group file (groups-file) could not be read: {e.Message}.")]);
        }

        if (text.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
        {
            var line = 1 + text.AsSpan(0, nul).Count('\n');
            return ([], [Problem(line, 1, "the LMS group file holds a NUL character, so it is no CSV text; export it again from the LMS.")]);
        }

        var rows = new List<CsvRow>();
        try
        {
            foreach (var row in Csv.Read(text.TrimStart('\uFEFF')))
            {
                if (rows.Count > MaxRows)
                {
                    return ([], [Problem(row.Row, 1, $"the LMS group file has more than {MaxRows:N0} rows; a course's export has one per student.")]);
                }

                if (!row.IsBlank)
                {
                    rows.Add(row);
                }
            }
        }
        catch (CsvSyntaxException e)
        {
            return ([], [Problem(e.Row, e.Column, $"the LMS group file is not valid CSV: {e.Message}.")]);
        }

        if (rows.Count == 0)
        {
            return ([], [Problem(1, 1, "the LMS group file is empty; it needs a header with a group column and a student column.")]);
        }

        var header = rows[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        var groupColumn = Array.FindIndex(header, h => GroupColumns.Contains(h));
        var studentColumn = Array.FindIndex(header, h => StudentColumns.Contains(h));
        if (groupColumn < 0 || studentColumn < 0)
        {
            return ([], [Problem(1, 1, $"the LMS group file's header names no {(groupColumn < 0 ? "group column (group_name, groupname or group)" : "student column (login_id, username or student)")}.")]);
        }

        var problems = new List<CourseProblem>();
        var groups = new Dictionary<string, (int Row, List<string> Members, List<(int, int)> Parts)>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields.Count <= Math.Max(groupColumn, studentColumn))
            {
                problems.Add(Problem(row.Row, 1, $"row {row.Row} has {row.Fields.Count} values; the header has {header.Length}."));
                continue;
            }

            var group = row.Fields[groupColumn].Trim();
            var student = row.Fields[studentColumn].Trim();
            if (group.Length == 0)
            {
                continue;
            }

            if (student.Length == 0)
            {
                problems.Add(Problem(row.Row, studentColumn + 1, $"row {row.Row} puts no student in the group \"{CourseGroupRules.Shown(group)}\"."));
                continue;
            }

            if (!groups.TryGetValue(group, out var entry))
            {
                entry = (row.Row, [], []);
                groups[group] = entry;
            }

            entry.Members.Add(student);
            entry.Parts.Add((row.Row, studentColumn + 1));
        }

        return problems.Count > 0
            ? ([], problems)
            : ([.. groups.Select(g => new Located<CourseGroup>(new CourseGroup(g.Key, g.Value.Members, null), shown, g.Value.Row, groupColumn + 1, g.Value.Parts))], []);
    }
}
