using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Grader.Checks.Courses;

/// <summary>
/// The tables of one course file as Tomlyn read them, with where each key was written: typed reads of a table's fields
/// that note a located <see cref="CourseProblem"/> instead of throwing. The student's reader (<see cref="CourseToml.Read"/>)
/// and the tutor's reader of <c>[semester]</c> (<see cref="ICourseSemesterReader"/>) share one, so every problem of a
/// file is found in one reading.
/// </summary>
/// <param name="sourceText">The file's text.</param>
/// <param name="file">How problems name the file.</param>
public class CourseTables(string sourceText, string file)
{
    private readonly Dictionary<TomlTable, (int Line, int Column)> _where = new(ReferenceEqualityComparer.Instance);

    /// <summary>The file's text.</summary>
    public string SourceText { get; } = sourceText;

    /// <summary>How problems name the file.</summary>
    public string File { get; } = file;

    /// <summary>Tomlyn's spans of the file's keys.</summary>
    public TomlMetadataStore Store { get; } = new();

    /// <summary>Every problem noted so far.</summary>
    public List<CourseProblem> Problems { get; } = [];

    /// <summary>Every warning noted so far (worth a look; never a reason to refuse the course).</summary>
    public List<CourseProblem> Warnings { get; } = [];

    /// <summary>Where <paramref name="table"/> starts (its first key; a table not yet reached by <see cref="Tables"/>: 1:1).</summary>
    public (int Line, int Column) At(TomlTable table) => _where.GetValueOrDefault(table, (1, 1));

    /// <summary>Places <paramref name="table"/> at <paramref name="where"/> (the root of the file).</summary>
    public void Place(TomlTable table, (int Line, int Column) where) => _where[table] = where;

    /// <summary>A list of names, each with where it was written (found in the text after the key, as the students are).</summary>
    public (List<string> Names, List<(int Line, int Column)> Parts) Names(TomlTable table, string key, bool required)
    {
        var names = new List<string>();
        var parts = new List<(int Line, int Column)>();
        if (!table.TryGetValue(key, out var list))
        {
            if (required)
            {
                Problem(table, CourseProblemKind.Field, $"\"{key}\" is missing.");
            }

            return (names, parts);
        }

        if (list is not TomlArray array || !array.All(s => s is string { Length: > 0 }))
        {
            Problem(table, key, CourseProblemKind.Field, $"{key} must be a list of names, e.g. [\"ada\", \"grace\"].");
            return (names, parts);
        }

        var searchFrom = Offset(table, key);
        foreach (var name in array.Cast<string>())
        {
            var quoted = Quoted(name);
            var at = SourceText.IndexOf(quoted, searchFrom, StringComparison.Ordinal);
            if (at >= 0)
            {
                searchFrom = at + quoted.Length;
            }

            names.Add(name);
            parts.Add(at >= 0 ? Position(at) : Where(table, key));
        }

        return (names, parts);
    }

    /// <summary>Notes a problem for each key of <paramref name="table"/> not in <paramref name="fields"/> (<paramref name="what"/> names the table).</summary>
    public void Known(TomlTable table, string[] fields, string what)
    {
        foreach (var key in table.Keys.Where(k => !fields.Contains(k, StringComparer.Ordinal)))
        {
            Problem(table, key, CourseProblemKind.Field, $"unknown field \"{key}\" in {what} (its fields are {string.Join(", ", fields)}).");
        }
    }

    /// <summary>The non-empty string at <paramref name="key"/>; null (and a problem when it is there but not such a string, or <paramref name="required"/> and missing) otherwise.</summary>
    public string? Text(TomlTable table, string key, bool required)
    {
        if (!table.TryGetValue(key, out var value))
        {
            if (required)
            {
                Problem(table, CourseProblemKind.Field, $"\"{key}\" is missing.");
            }

            return null;
        }

        if (value is string { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        Problem(table, key, CourseProblemKind.Field, $"\"{key}\" must be a non-empty string.");
        return null;
    }

    /// <summary>The finite number at <paramref name="key"/>; null (and a problem when it is there but not a number, or <paramref name="required"/> and missing) otherwise.</summary>
    public double? Number(TomlTable table, string key, bool required)
    {
        if (!table.TryGetValue(key, out var value))
        {
            if (required)
            {
                Problem(table, CourseProblemKind.Field, $"\"{key}\" is missing.");
            }

            return null;
        }

        switch (value)
        {
            case long whole:
                return whole;
            case double real when double.IsFinite(real):
                return real;
            default:
                Problem(table, key, CourseProblemKind.Field, $"\"{key}\" must be a number.");
                return null;
        }
    }

    /// <summary>The boolean at <paramref name="key"/>; <paramref name="fallback"/> when missing (and a problem when it is not a boolean).</summary>
    public bool Flag(TomlTable table, string key, bool fallback)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return fallback;
        }

        if (value is bool flag)
        {
            return flag;
        }

        Problem(table, key, CourseProblemKind.Field, $"\"{key}\" must be true or false.");
        return fallback;
    }

    /// <summary>The tables of the array of tables at <paramref name="key"/>, each placed at its first key; empty when missing (and a problem when it is not such an array).</summary>
    public List<TomlTable> Tables(TomlTable table, string key)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return [];
        }

        List<TomlTable>? tables = value switch
        {
            TomlTableArray array => [.. array],
            TomlArray array when array.All(a => a is TomlTable) => [.. array.Cast<TomlTable>()],
            _ => null,
        };
        if (tables is null)
        {
            Problem(table, key, CourseProblemKind.Field, $"\"{key}\" must be a list of tables ([[…{key}]]).");
            return [];
        }

        var parent = Where(table, key);
        foreach (var child in tables)
        {
            _where[child] = FirstKey(child) ?? parent;
        }

        return tables;
    }

    private (int Line, int Column)? FirstKey(TomlTable table)
    {
        if (!Store.TryGetProperties(table, out var metadata) || metadata is null)
        {
            return null;
        }

        (int Line, int Column)? first = null;
        foreach (var key in table.Keys)
        {
            if (metadata.TryGetProperty(key, out var property) && property?.Span is { } span)
            {
                var at = (span.Start.Line + 1, span.Start.Column + 1);
                if (first is null || at.CompareTo(first.Value) < 0)
                {
                    first = at;
                }
            }
        }

        return first;
    }

    /// <summary>The 1-based line and column of <paramref name="key"/> in <paramref name="table"/>; the table's place when the key has no span.</summary>
    public (int Line, int Column) Where(TomlTable table, string key) =>
        Store.TryGetProperties(table, out var metadata) && metadata is not null && metadata.TryGetProperty(key, out var property) && property?.Span is { } span
            ? (span.Start.Line + 1, span.Start.Column + 1)
            : At(table);

    /// <summary>The offset in the text of <paramref name="key"/> in <paramref name="table"/>; 0 when it has no span.</summary>
    public int Offset(TomlTable table, string key) =>
        Store.TryGetProperties(table, out var metadata) && metadata is not null && metadata.TryGetProperty(key, out var property) && property?.Span is { } span
            ? Math.Clamp(span.Offset, 0, SourceText.Length)
            : 0;

    private List<int>? _lineStarts;

    /// <summary>The 1-based line and column of <paramref name="offset"/>: a binary search of the line starts (a list of 100,000 names is located in n log n, not n²).</summary>
    public (int Line, int Column) Position(int offset)
    {
        if (_lineStarts is null)
        {
            _lineStarts = [0];
            for (int i = 0; i < SourceText.Length; i++)
            {
                if (SourceText[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>Notes a problem at <paramref name="key"/> of <paramref name="table"/>.</summary>
    public void Problem(TomlTable table, string key, CourseProblemKind kind, string message)
    {
        var (line, column) = Where(table, key);
        Problems.Add(new CourseProblem(File, line, column, kind, message));
    }

    /// <summary>Notes a problem at <paramref name="table"/>.</summary>
    public void Problem(TomlTable table, CourseProblemKind kind, string message)
    {
        var (line, column) = At(table);
        Problems.Add(new CourseProblem(File, line, column, kind, message));
    }

    /// <summary><paramref name="value"/> as a TOML basic string (to find it in the text).</summary>
    public static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>A number as a message shows it (at most three decimals).</summary>
    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
