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
    /// <param name="studentKey">The key under which two names are one student (the tool's: case and Unicode composition ignored); default: upper case.</param>
    public static CourseDocument Read(string text, string file, IReadOnlyList<ExercisePack> packs, DateTimeOffset? now = null, bool requireRubricTexts = true, Func<string, string>? studentKey = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(packs);
        return new CourseReader(text, file, packs, now, requireRubricTexts, studentKey ?? (s => s.ToUpperInvariant())).Read();
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

    private static IEnumerable<TomlTable> Levels(TomlTable root) =>
        Children(root, "sheet").SelectMany(s => Children(s, "task")).SelectMany(t => Children(t, "manual")).SelectMany(m => Children(m, "level"));

    private static IEnumerable<TomlTable> Children(TomlTable table, string key) => table.TryGetValue(key, out var value) switch
    {
        true when value is TomlTableArray array => array,
        true when value is TomlArray array => array.OfType<TomlTable>(),
        _ => [],
    };
}
