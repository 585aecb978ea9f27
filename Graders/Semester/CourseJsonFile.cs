using System.Text.Json;
using Grader.Grading.Discovery;

namespace Grader.Semester;

/// <summary>
/// The old <c>course.json</c> (name, gradebook, admission, students, sheets with deadlines, extensions, late), read only
/// to convert it once into a course's TOML file (<c>grader course convert</c>, <see cref="CourseTomlWriter"/>); no other
/// verb reads it (<see cref="CourseFile.Load"/> refuses it with how to convert it).
/// </summary>
public static class CourseJsonFile
{
    /// <summary>Reads and checks the <c>course.json</c> at <paramref name="path"/> against <paramref name="catalog"/>'s sheets.</summary>
    /// <exception cref="CourseFileException">The file cannot be read or is not a usable course.json; the message names the field.</exception>
    public static CourseFile Read(string path, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var full = System.IO.Path.GetFullPath(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(TutorInput.ReadAllText(full), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CourseFileException($"The course file '{full}' does not exist.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CourseFileException($"The course file '{full}' could not be read: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new CourseFileException($"The course file '{full}' is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }

        using (document)
        {
            return Read(document.RootElement, full, catalog);
        }
    }

    private static CourseFile Read(JsonElement root, string path, CourseCatalog catalog)
    {
        CourseFileException Bad(string message) => new($"{path}: {message}");
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("the file must hold one JSON object (name, gradebook, admission, students, sheets, extensions, late).");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("name" or "gradebook" or "admission" or "students" or "sheets" or "extensions" or "late"))
            {
                throw Bad($"unknown field \"{property.Name}\" (the fields are name, gradebook, admission, students, sheets, extensions, late).");
            }
        }

        var name = String(root, "name", Bad, required: false) ?? System.IO.Path.GetFileNameWithoutExtension(path);
        var gradebook = String(root, "gradebook", Bad, required: false) ?? "semester.db";
        var admission = Number(root, "admission", Bad) ?? throw Bad("\"admission\" is missing: the share of all sheets' points (e.g. 0.5) that admits to the exam.");
        if (admission is <= 0 or > 1)
        {
            throw Bad(string.Create(CultureInfo.InvariantCulture, $"\"admission\" is {admission}; it is a share of all sheets' points, above 0 and at most 1 (e.g. 0.5)."));
        }

        var students = Array(root, "students", Bad).Select((s, i) => s.ValueKind == JsonValueKind.String && s.GetString() is { Length: > 0 } n
            ? StudentName.Normal(n) : throw Bad($"students[{i}] is not a student's name (a non-empty string).")).ToArray();
        CourseFile.RequireUsableStudents(students, Bad);

        var sheets = new List<SheetDeadline>();
        foreach (var (entry, i) in Array(root, "sheets", Bad).Select((e, i) => (e, i)))
        {
            var id = String(entry, "id", m => Bad($"sheets[{i}]: {m}"), required: true)!;
            if (catalog.FindSheet(id) is null)
            {
                throw Bad($"sheets[{i}]: the sheet \"{id}\" is not in the catalog (it has {string.Join(", ", catalog.Sheets.Select(s => s.Id))}).");
            }

            var text = String(entry, "deadline", m => Bad($"sheets[{i}] ({id}): {m}"), required: true)!;
            if (!DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var deadline))
            {
                throw Bad($"sheets[{i}] ({id}): the deadline \"{text}\" is not a time with its offset, e.g. \"2026-11-05T12:00+01:00\" or \"2026-11-05T11:00Z\".");
            }

            DateTimeOffset? regrade = null;
            if (String(entry, "regrade", m => Bad($"sheets[{i}] ({id}): {m}"), required: false) is { } regradeText)
            {
                regrade = DateTimeOffset.TryParseExact(regradeText, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var r) && r > deadline
                    ? r
                    : throw Bad($"sheets[{i}] ({id}): the regrade deadline \"{regradeText}\" is not a time with its offset after the sheet's deadline, e.g. \"2026-11-20T12:00+01:00\".");
            }

            if (sheets.Any(s => s.Sheet == id))
            {
                throw Bad($"the sheet \"{id}\" is listed twice.");
            }

            sheets.Add(new SheetDeadline(id, deadline, regrade));
        }

        if (sheets.Count == 0)
        {
            throw Bad("\"sheets\" names no sheet; give each with its deadline, e.g. { \"id\": \"002\", \"deadline\": \"2026-11-05T12:00Z\" }.");
        }

        var extensions = new List<Extension>();
        foreach (var (entry, i) in (root.TryGetProperty("extensions", out _) ? Array(root, "extensions", Bad) : []).Select((e, i) => (e, i)))
        {
            Func<string, CourseFileException> at = m => Bad($"extensions[{i}]: {m}");
            var student = String(entry, "student", at, required: true)!;
            var sheet = String(entry, "sheet", at, required: true)!;
            var days = Number(entry, "days", at) ?? throw at("\"days\" is missing.");
            if (!students.Contains(student, StringComparer.Ordinal))
            {
                throw at($"\"{student}\" is not one of the course's students.");
            }

            if (!sheets.Any(s => s.Sheet == sheet))
            {
                throw at($"the sheet \"{sheet}\" is not one of the course's sheets.");
            }

            if (days is < 1 or > 365 || days != Math.Floor(days))
            {
                throw at(string.Create(CultureInfo.InvariantCulture, $"\"days\" is {days}; an extension is a whole number of days from 1 to 365."));
            }

            extensions.Add(new Extension(student, sheet, (int)days));
        }

        var late = LatePolicy.None;
        if (root.TryGetProperty("late", out var policy))
        {
            Func<string, CourseFileException> at = m => Bad($"late: {m}");
            if (policy.ValueKind != JsonValueKind.Object)
            {
                throw at("it is an object, e.g. { \"graceDays\": 2, \"penaltyPerDay\": 0.25 }.");
            }

            var grace = Number(policy, "graceDays", at) ?? 0;
            var penalty = Number(policy, "penaltyPerDay", at) ?? 0;
            if (grace is < 0 or > 365 || grace != Math.Floor(grace))
            {
                throw at(string.Create(CultureInfo.InvariantCulture, $"\"graceDays\" is {grace}; it is a whole number of days from 0 to 365."));
            }

            if (penalty is < 0 or > 1)
            {
                throw at(string.Create(CultureInfo.InvariantCulture, $"\"penaltyPerDay\" is {penalty}; it is the share of a sheet's points lost per late day, from 0 to 1."));
            }

            late = new LatePolicy((int)grace, penalty);
        }

        var folder = System.IO.Path.GetDirectoryName(path)!;
        return new CourseFile(path, name, System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, gradebook)), admission, students,
            [.. sheets.OrderBy(s => s.Deadline)], extensions, late);
    }

    private static readonly string[] TimeFormats = ["yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mmZ", "yyyy-MM-ddTHH:mm:ssZ"];

    private static string? String(JsonElement element, string field, Func<string, CourseFileException> bad, bool required)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw bad("it must be a JSON object.");
        }

        if (!element.TryGetProperty(field, out var value))
        {
            return required ? throw bad($"\"{field}\" is missing.") : null;
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : throw bad($"\"{field}\" must be a non-empty string.");
    }

    private static double? Number(JsonElement element, string field, Func<string, CourseFileException> bad)
    {
        if (!element.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw bad($"\"{field}\" must be a number.");
    }

    private static JsonElement[] Array(JsonElement element, string field, Func<string, CourseFileException> bad)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw bad($"\"{field}\" must be a JSON array.");
        }

        return [.. value.EnumerateArray()];
    }
}
