using Grader.Checks.Packs;

namespace Grader.Grading.Courses;

/// <summary>
/// The commented starting course file <c>grader course new</c> writes: a placeholder identity, the chosen shipped sheets
/// with every task the exercise packs bind (the points, split, manual items and rubric levels the shipped course gives
/// them, each task's checks in a comment) and a commented <c>[semester]</c>. <c>grader course check</c> passes on it as written.
/// </summary>
public static class CourseTemplate
{
    /// <summary>The file for <paramref name="sheetIds"/> (every sheet when empty) of <paramref name="catalog"/> (the tutor's side: rubric texts joined).</summary>
    /// <exception cref="ArgumentException">A sheet id the catalog does not have.</exception>
    public static string Render(CourseCatalog catalog, IReadOnlyList<string> sheetIds)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var sheets = sheetIds.Count == 0 ? catalog.Sheets : [.. sheetIds.Select(id => catalog.FindAssignment(id)?.Sheet
            ?? throw new ArgumentException($"There is no sheet \"{id}\"; the sheets are {string.Join(", ", catalog.Sheets.Select(s => s.Id))}.")).Distinct()];
        var text = new StringBuilder();
        text.Append("""
            #:schema ./course.schema.json
            # A course for the grader (courses/README.md in the grader repository is the format; put its course.schema.json
            # beside this file for completion and checks in an editor). Written by 'grader course new' from the shipped
            # courses' sheets: drop tasks, change points (a task's auto + its manual items = its points; a sheet's tasks that
            # are not bonus = its total), add manual items with their levels (full marks first, 0 last), then run
            # 'grader course check <this file>'.

            id = "my-course-2026"
            institution = "My University"
            name = "My course"
            year = "2026"

            """);
        foreach (var sheet in sheets)
        {
            text.Append($"\n# Sheet {sheet.Id} as {sheet.Course} gave it.\n[[sheet]]\n");
            Field(text, "id", sheet.Id);
            Field(text, "file", sheet.FileName);
            Field(text, "title", sheet.Title);
            text.Append(CultureInfo.InvariantCulture, $"total = {Number(catalog.MaxPoints(sheet.Id))}\n");
            if (catalog.BonusPoints(sheet.Id) > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"bonus = {Number(catalog.BonusPoints(sheet.Id))}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"prints-points = {(sheet.PrintsPoints ? "true" : "false")}\n");
            Field(text, "note", sheet.Note);
            text.Append("# deadline = 2026-11-05T12:00:00+01:00    # when hand-ins are due, with its offset\n");
            foreach (var task in catalog.TasksOf(sheet.Id))
            {
                text.Append('\n');
                text.Append(task.Checks.Count == 0
                    ? "# checks: none (all manual)\n"
                    : $"# checks: {string.Join(", ", task.Checks.Select(c => $"{c.Check.Id} ({c.Visibility.ToString().ToLowerInvariant()})"))}\n");
                text.Append("[[sheet.task]]\n");
                Field(text, "id", task.Id);
                Field(text, "exercise", task.Exercise);
                Field(text, "title", task.Title);
                text.Append(CultureInfo.InvariantCulture, $"points = {Number(task.Points)}\nauto = {Number(task.AutoPoints)}\n");
                if (task.Bonus)
                {
                    text.Append("bonus = true\n");
                }

                if (task.ChecksPending)
                {
                    text.Append("checks-pending = true\n");
                }

                if (task.Note is { } note)
                {
                    Field(text, "note", note);
                }

                foreach (var item in task.Manual)
                {
                    text.Append("\n[[sheet.task.manual]]\n");
                    Field(text, "id", item.Id);
                    text.Append(CultureInfo.InvariantCulture, $"points = {Number(item.Points)}\n");
                    IEnumerable<RubricLevel> levels = item.Levels.Count > 0 ? item.Levels : [new(item.Points, item.Rubric ?? "A full answer."), new(0, "Missing or wrong.")];
                    foreach (var level in levels)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"[[sheet.task.manual.level]]\npoints = {Number(level.Points)}\n");
                        Field(text, "text", level.Text.Length > 0 ? level.Text : "(the rubric)");
                    }
                }
            }
        }

        text.Append($$"""

            # The semester, for 'grader semester' (remove the leading '# ' to use it).
            # [semester]
            # students = ["ada", "grace"]                 # or students-file = "students.txt": one name a line, beside this file
            # admission = 0.5                             # the share of all sheets' points that admits to the exam
            # gradebook = "semester.db"                   # the semester gradebook, beside this file
            # late = { grace-days = 2, penalty-per-day = 0.25 }
            # extension = [{ student = "ada", sheet = "{{sheets[0].Id}}", days = 3 }]
            # group-size = 3                              # a course handed in by groups: the most members a group has
            # groups-file = "groups.csv"                  # or the groups of an LMS export (Canvas/Moodle CSV), beside this file
            # [[semester.group]]                          # a group hands in once, its folder, zip or repository named by its id
            # id = "g1"
            # members = ["ada", "grace"]
            # [[semester.tutorial]]                       # a tutorial: the LMS Section, and what its tutors see first
            # id = "mon"
            # tutors = ["tom"]
            # students = ["ada", "grace"]
            # Where students regroup for a sheet, give that sheet its own groups after its tasks:
            # [[sheet.group]]
            # id = "g1"
            # members = ["ada"]

            """);
        return text.ToString();
    }

    private static void Field(StringBuilder text, string key, string value) => text.Append(key).Append(" = ").Append(TomlString(value)).Append('\n');

    /// <summary>A TOML basic string; a long one as a multi-line string wrapped at spaces with line-ending backslashes.</summary>
    public static string TomlString(string value)
    {
        var escaped = new StringBuilder();
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        var flat = escaped.ToString();
        if (flat.Length <= 100)
        {
            return $"\"{flat}\"";
        }

        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in flat.Split(' '))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > 104)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        return "\"\"\"\\\n    " + string.Join(" \\\n    ", lines) + "\"\"\"";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
