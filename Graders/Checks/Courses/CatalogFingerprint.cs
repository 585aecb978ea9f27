using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Grader.Checks.Courses;

/// <summary>
/// What of a course file decides the points of a run of one of its sheets (issue 80), which <c>run.json</c> pins instead
/// of the file's bytes: the course's own fields and that sheet's <c>[[sheet]]</c> with its tasks, manual items and rubric
/// levels (points, splits, notes, texts). Left out is what the semester's derivation reads live: <c>[semester]</c>
/// (students, groups, tutorials, extensions, late policy, admission, gradebook) and each sheet's <c>deadline</c>,
/// <c>regrade</c> and <c>[[sheet.group]]</c>; and the other sheets (a sheet added or edited later decides none of this
/// run's points). So a regroup in the very file a run was graded with keeps the run; an edit of its sheet's points does not.
/// <para>
/// The canonical form: one line per section, in file order (the course; the sheet; each task; each manual item with its
/// levels), each the section's name, a tab and its fields as compact JSON: keys in ordinal order, a child table array
/// (tasks, items) as the list of its ids in file order, numbers as the shortest round-trip double (2 and 2.0 alike),
/// strings JSON-escaped with their line breaks as '\n', dates in ISO 8601 with their TOML kind, arrays and inline tables
/// recursively. Lines joined by '\n', UTF-8, SHA-256: <see cref="Sha256"/>. Comments, blank lines, spacing, line endings,
/// key order and quoting do not change it.
/// </para>
/// </summary>
/// <param name="Sheet">The sheet the fingerprint is of.</param>
/// <param name="Sha256">The SHA-256 of the canonical form, lower-case hex.</param>
/// <param name="Sections">Each section's name and the first 16 hex digits of its line's SHA-256 (what names a change).</param>
public sealed record CatalogFingerprint(string Sheet, string Sha256, IReadOnlyList<CatalogSection> Sections)
{
    /// <summary>The keys of a <c>[[sheet]]</c> the semester owns: read live, never pinned.</summary>
    public static readonly IReadOnlyList<string> SemesterSheetKeys = ["deadline", "regrade", "group"];

    /// <summary>The fingerprint of <paramref name="sheet"/> in the course file text <paramref name="text"/>; null when it does not parse as TOML.</summary>
    public static CatalogFingerprint? Of(string text, string sheet)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sheet);
        var root = CourseReader.Model(text, "course", new TomlMetadataStore());
        return root is null ? null : Of(root, sheet);
    }

    /// <summary>The fingerprint of every sheet of <paramref name="text"/>, by sheet id; empty when it does not parse.</summary>
    public static IReadOnlyDictionary<string, CatalogFingerprint> OfSheets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = CourseReader.Model(text, "course", new TomlMetadataStore());
        return root is null
            ? new Dictionary<string, CatalogFingerprint>(StringComparer.Ordinal)
            : Children(root, "sheet").Select(s => Id(s)).Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => Of(root, id), StringComparer.Ordinal);
    }

    /// <summary>
    /// What changed from <paramref name="was"/> (the run's pin) to this fingerprint (the file now), one phrase per section
    /// edited, added or removed, in file order; empty when the two are the same.
    /// </summary>
    public IReadOnlyList<string> ChangesSince(CatalogFingerprint was)
    {
        ArgumentNullException.ThrowIfNull(was);
        if (string.Equals(Sha256, was.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var before = was.Sections.GroupBy(s => s.Section, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Sha256, StringComparer.Ordinal);
        var now = Sections.Select(s => s.Section).ToHashSet(StringComparer.Ordinal);
        var changes = new List<string>();
        foreach (var section in Sections.DistinctBy(s => s.Section))
        {
            if (!before.TryGetValue(section.Section, out var hash))
            {
                changes.Add($"{section.Section} was added");
            }
            else if (!string.Equals(hash, section.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                changes.Add($"{section.Section} was edited");
            }
        }

        changes.AddRange(was.Sections.Select(s => s.Section).Distinct(StringComparer.Ordinal).Where(s => !now.Contains(s)).Select(s => $"{s} was removed"));
        return changes.Count > 0 ? changes : ["the order of its sections changed"];
    }

    private static CatalogFingerprint Of(TomlTable root, string sheet)
    {
        var lines = new List<(string Section, string Json)>
        {
            ("the course's own fields (id, institution, name, year)", Json(root, ["sheet", "semester"], [])),
        };
        foreach (var table in Children(root, "sheet").Where(s => Id(s) == sheet))
        {
            var tasks = Children(table, "task");
            lines.Add(($"[[sheet]] {sheet}", Json(table, ["task", .. SemesterSheetKeys], [("task", tasks)])));
            foreach (var task in tasks)
            {
                var items = Children(task, "manual");
                lines.Add(($"[[sheet.task]] {Id(task)}", Json(task, ["manual"], [("manual", items)])));
                lines.AddRange(items.Select(item => ($"[[sheet.task.manual]] {Id(item)} of task {Id(task)}", Json(item, [], []))));
            }
        }

        var canonical = string.Join('\n', lines.Select(l => $"{l.Section}\t{l.Json}"));
        return new CatalogFingerprint(sheet, Hex(canonical),
            [.. lines.Select(l => new CatalogSection(l.Section, Hex($"{l.Section}\t{l.Json}")[..16]))]);
    }

    /// <summary>The table's fields but <paramref name="leftOut"/>, with each of <paramref name="children"/> as the list of its ids, as compact JSON with sorted keys.</summary>
    private static string Json(TomlTable table, string[] leftOut, (string Key, List<TomlTable> Tables)[] children)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            var fields = table.Where(f => !leftOut.Contains(f.Key, StringComparer.Ordinal)).Select(f => (f.Key, Value: (object?)f.Value))
                .Concat(children.Select(c => (c.Key, Value: (object?)c.Tables.Select(Id).ToArray())));
            foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                Write(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                // A file's line endings changed (CRLF for LF) keep a multi-line text's meaning: its breaks are written as '\n'.
                writer.WriteStringValue(text.ReplaceLineEndings("\n"));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long whole:
                writer.WriteNumberValue((double)whole);
                break;
            case double real when double.IsFinite(real):
                writer.WriteNumberValue(real);
                break;
            case double real:
                writer.WriteStringValue(real.ToString(CultureInfo.InvariantCulture));
                break;
            case TomlDateTime time:
                writer.WriteStringValue($"{time.Kind} {time.DateTime:O}");
                break;
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var (key, field) in table.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, field);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (var element in list)
                {
                    Write(writer, element);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string Id(TomlTable table) => table.TryGetValue("id", out var id) && id is string { Length: > 0 } text ? text : "?";

    private static List<TomlTable> Children(TomlTable table, string key) => table.TryGetValue(key, out var value) switch
    {
        true when value is TomlTableArray array => [.. array],
        true when value is TomlArray array => [.. array.OfType<TomlTable>()],
        _ => [],
    };

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
