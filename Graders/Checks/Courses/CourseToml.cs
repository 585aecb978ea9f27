using Tomlyn.Parsing;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;
using Tomlyn.Syntax;

namespace Grader.Checks.Courses;

/// <summary>
/// Reads a course file (TOML, <c>courses/*.toml</c>, the format in <c>courses/README.md</c>) into a
/// <see cref="CourseDocument"/>, finding every problem at once, each at its line and column (Tomlyn's spans). The checks
/// of the tasks are not in the file: the exercise packs bind them by task id, so a task with automatic points must have
/// an id a pack binds.
/// </summary>
public static class CourseToml
{
    /// <summary>The table every rubric level is written in; its <c>text</c> is what <see cref="StripRubricTexts"/> removes.</summary>
    public const string LevelTable = "sheet.task.manual.level";

    /// <summary>Reads <paramref name="text"/>, named <paramref name="file"/> in the problems.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="file">How problems name the file.</param>
    /// <param name="packs">The exercise packs: a task with automatic points must have an id one binds (else a problem naming the nearest).</param>
    /// <param name="now">The time of the run: a deadline before it is a problem; null to skip that check (grading runs after deadlines).</param>
    /// <param name="requireRubricTexts">Whether every rubric level must have its text (the tutor's file); false for a file stripped for students.</param>
    /// <param name="semester">The tutor's reader of <c>[semester]</c> and the sheets' <c>[[sheet.group]]</c> (its problems join the file's);
    /// null for the student's side, which leaves them unread.</param>
    public static CourseDocument Read(string text, string file, IReadOnlyList<ExercisePack> packs, DateTimeOffset? now = null, bool requireRubricTexts = true, ICourseSemesterReader? semester = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(packs);
        return new CourseReader(text, file, packs, now, requireRubricTexts, semester).Read();
    }

    /// <summary>
    /// The course file without its rubric texts (every <c>text</c> of a <c>[[sheet.task.manual.level]]</c> table), for the
    /// student repository; points, notes and comments stay. The text is edited in Tomlyn's syntax tree, so the rest of the
    /// file is unchanged.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file does not parse, or a level's text is written another way (e.g. an inline table).</exception>
    public static string StripRubricTexts(string text, string file)
    {
        var document = SyntaxParser.Parse(text, file, true);
        if (document.HasErrors)
        {
            throw new InvalidOperationException($"{file} is not valid TOML: {string.Join("; ", document.Diagnostics)}");
        }

        foreach (var table in document.Tables.OfType<TableArraySyntax>().Where(t => t.Name?.ToString().Trim() == LevelTable))
        {
            for (int i = table.Items.ChildrenCount - 1; i >= 0; i--)
            {
                if (table.Items.GetChild(i) is KeyValueSyntax kv && kv.Key?.ToString().Trim() == "text")
                {
                    table.Items.RemoveChildAt(i);
                }
            }
        }

        var stripped = document.ToString();
        var check = CourseReader.Model(stripped, file, new TomlMetadataStore());
        if (check is not null && Levels(check).Any(l => l.ContainsKey("text")))
        {
            throw new InvalidOperationException($"{file} gives a rubric level's text other than as `text = …` in a [[{LevelTable}]] table; write every level as such a table.");
        }

        return stripped;
    }

    /// <summary>
    /// A tutor's course file as the student repository of <paramref name="sheet"/> receives it: the other sheets and the
    /// <c>[semester]</c> (students, extensions, gradebook) removed, then <see cref="StripRubricTexts"/>; the course's identity,
    /// the sheet's points, notes and comments stay. Edited in Tomlyn's syntax tree like <see cref="StripRubricTexts"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file does not parse, or the sheets or the semester are written another
    /// way than as <c>[[sheet]]</c> and <c>[semester]</c> tables, or the sheet is not in it.</exception>
    public static string ForStudents(string text, string file, string sheet)
    {
        var document = SyntaxParser.Parse(text, file, true);
        if (document.HasErrors)
        {
            throw new InvalidOperationException($"{file} is not valid TOML: {string.Join("; ", document.Diagnostics)}");
        }

        var drop = new List<int>();
        var keep = false;
        for (int i = 0; i < document.Tables.ChildrenCount; i++)
        {
            var table = document.Tables.GetChild(i)!;
            var name = table.Name?.ToString().Trim() ?? "";
            if (name == "sheet" && table is TableArraySyntax)
            {
                keep = table.Items.OfType<KeyValueSyntax>().Any(kv => kv.Key?.ToString().Trim() == "id" && kv.Value is StringValueSyntax { Value: var id } && id == sheet);
            }

            // The semester and a sheet's own groups are the tutor's (the students' names): never in a student repository.
            var semester = name == "semester" || name.StartsWith("semester.", StringComparison.Ordinal) || name == "sheet.group";
            if (semester || (!keep && (name == "sheet" || name.StartsWith("sheet.", StringComparison.Ordinal))))
            {
                drop.Add(i);
            }
        }

        foreach (var i in Enumerable.Reverse(drop))
        {
            document.Tables.RemoveChildAt(i);
        }

        var stripped = StripRubricTexts(document.ToString(), file);
        var check = CourseReader.Model(stripped, file, new TomlMetadataStore());
        var sheets = check is null ? [] : Children(check, "sheet").Select(s => s.TryGetValue("id", out var id) ? id as string : null).ToList();
        if (check is null || check.ContainsKey("semester") || sheets.Count != 1 || sheets[0] != sheet)
        {
            throw new InvalidOperationException(
                $"{file}: the student repository of sheet {sheet} could not be cut from it (it must hold that sheet; write every sheet as a [[sheet]] table and the semester as a [semester] table).");
        }

        return stripped;
    }

    private static IEnumerable<TomlTable> Levels(TomlTable root) =>
        Children(root, "sheet").SelectMany(s => Children(s, "task")).SelectMany(t => Children(t, "manual")).SelectMany(m => Children(m, "level"));

    private static IEnumerable<TomlTable> Children(TomlTable table, string key) => table.TryGetValue(key, out var value) switch
    {
        true when value is TomlTableArray array => array,
        true when value is TomlArray array => array.OfType<TomlTable>(),
        _ => [],
    };
}
