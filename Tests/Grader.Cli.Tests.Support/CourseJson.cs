using System.Text.Json;

namespace Grader.Cli.Tests.Support;

/// <summary>
/// A <c>course.json</c> for the tests that need a course to record, serve or total a run, but do not test the file's
/// format (the tests of <c>CourseFile.Load</c> keep their raw JSON): its name, students, sheets with their deadlines
/// (the file's text, e.g. <c>"2099-11-02T12:00Z"</c>), and the defaults most tests use: admission 0.5, the gradebook
/// <c>semester.db</c> beside the file, no extensions, and a late policy of no grace days and 25 % off per late day.
/// </summary>
internal sealed record CourseJson(string Name, IReadOnlyList<string> Students, IReadOnlyList<(string Id, string Deadline)> Sheets)
{
    /// <summary>The share of all sheets' points that admits to the exam.</summary>
    public double Admission { get; init; } = 0.5;

    /// <summary>The late policy (its days of grace, its share off per late day); null for none (the file without <c>late</c>).</summary>
    public (int GraceDays, double PenaltyPerDay)? Late { get; init; } = (0, 0.25);

    /// <summary>Per-student extensions.</summary>
    public IReadOnlyList<(string Student, string Sheet, int Days)> Extensions { get; init; } = [];

    /// <summary>Writes the file at <paramref name="path"/> and returns the path.</summary>
    public string WriteTo(string path)
    {
        var course = new Dictionary<string, object>
        {
            ["name"] = Name,
            ["gradebook"] = "semester.db",
            ["admission"] = Admission,
            ["students"] = Students,
            ["sheets"] = Sheets.Select(s => new { id = s.Id, deadline = s.Deadline }).ToArray(),
            ["extensions"] = Extensions.Select(e => new { student = e.Student, sheet = e.Sheet, days = e.Days }).ToArray(),
        };
        if (Late is { } late)
        {
            course["late"] = new { graceDays = late.GraceDays, penaltyPerDay = late.PenaltyPerDay };
        }

        File.WriteAllText(path, JsonSerializer.Serialize(course, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
