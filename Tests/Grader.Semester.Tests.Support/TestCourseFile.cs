using Grader.Semester;

namespace Grader.Semester.Tests.Support;

/// <summary>
/// A course's TOML file for the tests that need a course to record, serve or total a run, but do not test the file's
/// format (<c>CourseTomlSemesterTests</c> and <c>CourseReaderTests</c> write theirs by hand): its name, students, sheets
/// with their deadlines (e.g. <c>"2099-11-02T12:00Z"</c>), and the defaults most tests use: admission 0.5, the gradebook
/// <c>semester.db</c> beside the file, no extensions, and a late policy of no grace days and 25 % off per late day. Each
/// sheet's tasks are the shipped course file's (<see cref="CourseTomlWriter"/>, what <c>grader course convert</c> writes).
/// </summary>
internal sealed record TestCourseFile(string Name, IReadOnlyList<string> Students, IReadOnlyList<(string Id, string Deadline)> Sheets)
{
    /// <summary>The share of all sheets' points that admits to the exam.</summary>
    public double Admission { get; init; } = 0.5;

    /// <summary>The late policy (its days of grace, its share off per late day); null for none.</summary>
    public (int GraceDays, double PenaltyPerDay)? Late { get; init; } = (0, 0.25);

    /// <summary>Per-student extensions.</summary>
    public IReadOnlyList<(string Student, string Sheet, int Days)> Extensions { get; init; } = [];

    /// <summary>Writes the file at <paramref name="path"/> (a .toml) and returns the path.</summary>
    public string WriteTo(string path)
    {
        path.Should().EndWith(".toml", "a course is a .toml file");
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        var semester = new CourseFile(full, Name, Path.Combine(folder, "semester.db"), Admission, Students,
            [.. Sheets.Select(s => new SheetDeadline(s.Id, DateTimeOffset.Parse(s.Deadline, CultureInfo.InvariantCulture)))],
            [.. Extensions.Select(e => new Extension(e.Student, e.Sheet, e.Days))],
            Late is { } late ? new LatePolicy(late.GraceDays, late.PenaltyPerDay) : LatePolicy.None);
        File.WriteAllText(full, CourseTomlWriter.Write(semester, "Test University", "2026", folder));
        return full;
    }
}
