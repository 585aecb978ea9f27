namespace Grader.Cli.Semester;

/// <summary>A sheet of the course and when it is due.</summary>
/// <param name="Sheet">The catalog's sheet id, e.g. "002".</param>
/// <param name="Deadline">When hand-ins are due (with its offset).</param>
public sealed record SheetDeadline(string Sheet, DateTimeOffset Deadline);
