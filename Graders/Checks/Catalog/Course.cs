namespace Grader.Checks.Catalog;

/// <summary>
/// A course as it ran in one term, e.g. Heidelberg's "Machine Learning for Physicists" in 2023/24. Each sheet is an
/// assignment of one course; a grading run grades one assignment (<see cref="Assignment"/>).
/// </summary>
/// <param name="Id">Stable id, e.g. "dtu-02460-2024" (what an <c>assignment.json</c> may name).</param>
/// <param name="Institution">The university.</param>
/// <param name="Name">The course, as the sheet names it.</param>
/// <param name="Year">The year or academic year, e.g. "2022/23".</param>
public sealed record Course(string Id, string Institution, string Name, string Year)
{
    public override string ToString() => $"{Institution}, {Name} {Year}";
}
