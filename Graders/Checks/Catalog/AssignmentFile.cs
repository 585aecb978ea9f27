using System.Text.Json;
using Grader.Checks.Handins;

namespace Grader.Checks.Catalog;

/// <summary>
/// <c>assignment.json</c>: the small file a tutor keeps in the folder of hand-ins (or beside it, in its parent folder)
/// to say which assignment they are for, <c>{"sheet": "004"}</c>, optionally with the course's id,
/// <c>{"course": "dtu-02460-2024", "sheet": "004"}</c>. <c>grader assign</c> writes one into the student repository,
/// where the self-check reads it. Discovery does not take it for a hand-in.
/// </summary>
public static class AssignmentFile
{
    /// <summary>The file's name.</summary>
    public const string FileName = "assignment.json";

    /// <summary>The largest assignment file read (it holds a sheet and a course id: a few dozen bytes).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>What a tutor grading a sheet of a course of their own must add (the shipped catalog does not have it).</summary>
    public const string OwnCourseHint = "To grade a sheet of your own course, pass --course NAME.toml, that course's file.";

    /// <summary>The file for <paramref name="folder"/>: in it, else in its parent; null when neither has one.</summary>
    public static string? Find(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var inside = Path.Combine(full, FileName);
        if (File.Exists(inside))
        {
            return inside;
        }

        return Path.GetDirectoryName(full) is { } parent && File.Exists(Path.Combine(parent, FileName)) ? Path.Combine(parent, FileName) : null;
    }

    /// <summary>The assignment the file at <paramref name="path"/> names.</summary>
    /// <exception cref="AssignmentFileException">The file is not of that form, or names a sheet or course the catalog does not have.</exception>
    public static Assignment Read(string path, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        string? sheet;
        string? course;
        try
        {
            // A student's repository holds this file: read as a student's file (no FIFO, device or link; at most MaxBytes).
            var bytes = StudentFile.Read(path, MaxBytes) ?? throw new IOException($"it is larger than {MaxBytes / 1024} KiB");
            using var document = JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
            var root = document.RootElement;
            sheet = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("sheet", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            course = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("course", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new AssignmentFileException($"{path} can't be read as an assignment file ({e.Message}); it should hold {{\"sheet\": \"004\"}}.");
        }

        if (course is not null && !catalog.Sheets.Any(s => s.Course.Id == course))
        {
            throw new AssignmentFileException($"{path} names the course \"{course}\", which is not one of the courses graded with ({string.Join(", ", catalog.Sheets.Select(s => s.Course.Id).Distinct(StringComparer.Ordinal))}). {OwnCourseHint}");
        }

        var assignment = (sheet is null ? null : catalog.FindAssignment(sheet))
            ?? throw new AssignmentFileException($"{path} names {(sheet is null ? "no sheet" : $"the sheet \"{sheet}\", which the catalog does not have")}; it should hold {{\"sheet\": \"<id>\"}} with one of {Ids(catalog)}.");
        if (course is not null && course != assignment.Course.Id)
        {
            throw new AssignmentFileException($"{path} names the course \"{course}\", but sheet {assignment.Id} belongs to \"{assignment.Course.Id}\" ({assignment.Course}).");
        }

        return assignment;
    }

    /// <summary>The file's text for <paramref name="assignment"/>.</summary>
    public static string Text(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return $"{{\n  \"course\": \"{assignment.Course.Id}\",\n  \"sheet\": \"{assignment.Id}\"\n}}\n";
    }

    /// <summary>
    /// The assignment a run over <paramref name="folders"/> grades: <paramref name="sheet"/> when given, else the one
    /// their assignment files name, else the catalog's only one.
    /// </summary>
    /// <exception cref="AssignmentFileException">Nothing says which and the catalog has several, the files disagree, or one is malformed.</exception>
    public static Assignment Resolve(string? sheet, IEnumerable<string> folders, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (sheet is not null)
        {
            return catalog.FindAssignment(sheet) ?? throw new AssignmentFileException($"Unknown sheet '{sheet}'. The sheets are {Ids(catalog)}.");
        }

        var given = folders.Select(Path.GetFullPath).ToArray();
        if (given.FirstOrDefault(f => !Directory.Exists(f) && !File.Exists(f)) is { } missing)
        {
            throw new AssignmentFileException($"The folder of hand-ins '{missing}' does not exist.");
        }

        var named = given.Select(Find).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(path => (Path: path, Assignment: Read(path, catalog)))
            .ToArray();
        if (named.Select(n => n.Assignment.Id).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new AssignmentFileException($"The assignment files disagree ({string.Join(", ", named.Select(n => $"{n.Path}: sheet {n.Assignment.Id}"))}); a run grades one assignment.");
        }

        if (named.Length > 0)
        {
            return named[0].Assignment;
        }

        if (catalog.Sheets.Count == 1)
        {
            return catalog.Assignments[0];
        }

        throw new AssignmentFileException($"Say which assignment the hand-ins are for: --sheet <id>, or an {FileName} holding {{\"sheet\": \"<id>\"}} in the folder of hand-ins. The sheets are {Ids(catalog)}.");
    }

    private static string Ids(CourseCatalog catalog) => string.Join(", ", catalog.Sheets.Select(s => $"{s.Id} ({s.Course})"));
}
