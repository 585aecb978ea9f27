namespace Grader.Semester;

/// <summary>A sheet of the course and when it is due.</summary>
/// <param name="Sheet">The catalog's sheet id, e.g. "002".</param>
/// <param name="Deadline">When hand-ins are due (with its offset).</param>
/// <param name="RegradeDeadline">Until when its students may file regrade requests once it is released; null: no deadline.</param>
public sealed record SheetDeadline(string Sheet, DateTimeOffset Deadline, DateTimeOffset? RegradeDeadline = null);
