namespace Grader.Checks.Catalog;

/// <summary>
/// One of the five exercise sheets in <c>seeds/</c>, an assignment of one course, with the points it gives. Every <see cref="TaskSpec"/> names its
/// sheet by <see cref="Id"/>; the catalog validator holds the tasks' points to <see cref="Total"/> and <see cref="Bonus"/>.
/// </summary>
/// <param name="Id">"000" … "004": the number the sheet's file name starts with.</param>
/// <param name="FileName">The file in <c>seeds/</c>, e.g. "004_bd6c9612d8948788.txt".</param>
/// <param name="Title">The sheet's title, in its words.</param>
/// <param name="Course">The course (in one term) the sheet is an assignment of.</param>
/// <param name="Total">
/// The sheet's maximum without bonus: the printed total (002), the sum of the points printed per part when the sheet
/// prints no total (000, 001), or the catalog's stated weight when the sheet prints no points at all (003, 004).
/// </param>
/// <param name="Bonus">Bonus points on top of <see cref="Total"/> (tasks with <see cref="TaskSpec.Bonus"/> set).</param>
/// <param name="PrintsPoints">False when the sheet prints no points at all and the catalog states its own weights.</param>
/// <param name="Note">Where <see cref="Total"/> comes from, and how the points were split where the sheet does not say.</param>
public sealed record Sheet(
    string Id,
    string FileName,
    string Title,
    Course Course,
    double Total,
    double Bonus,
    bool PrintsPoints,
    string Note);
