namespace Grader.Checks.Catalog;

/// <summary>
/// The course: the five sheets of <c>seeds/</c> and every task on them, with the points the sheets give (design §7:
/// "points come from the sheets"). Points live only here; a task's points are split once, into the share its checks
/// earn (<see cref="TaskSpec.AutoPoints"/>) and the items a tutor grades (<see cref="TaskSpec.Manual"/>).
/// Tasks whose checks are not written yet are listed all the same, with <see cref="TaskSpec.Graded"/> false.
/// <para>
/// <see cref="CatalogValidator"/> checks the integrity (ids, sums, sheet totals, weights); this type does not validate
/// on construction, so a broken catalog can be built and shown to the validator.
/// </para>
/// </summary>
public sealed partial class CourseCatalog
{
    /// <summary>The catalog of the five sheets. The sheet data are in <c>CourseCatalog.Sheet000.cs</c> … <c>CourseCatalog.Sheet004.cs</c>.</summary>
    public static readonly CourseCatalog Default = new(
        [Sheet000(), Sheet001(), Sheet002(), Sheet003(), Sheet004()],
        [.. Sheet000Tasks(), .. Sheet001Tasks(), .. Sheet002Tasks(), .. Sheet003Tasks(), .. Sheet004Tasks()]);

    public CourseCatalog(IEnumerable<Sheet> sheets, IEnumerable<TaskSpec> tasks)
    {
        Sheets = Array.AsReadOnly(sheets.ToArray());
        Tasks = Array.AsReadOnly(tasks.ToArray());
    }

    /// <summary>The sheets, in order.</summary>
    public IReadOnlyList<Sheet> Sheets { get; }

    /// <summary>Every task of every sheet, in sheet order and in the order each sheet prints them.</summary>
    public IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>The sheet with this id ("000" … "004"), or null.</summary>
    public Sheet? FindSheet(string sheetId) => Sheets.FirstOrDefault(s => s.Id == sheetId);

    /// <summary>The task with this id (e.g. "004/3.4/negative-elbo"), or null.</summary>
    public TaskSpec? FindTask(string taskId) => Tasks.FirstOrDefault(t => t.Id == taskId);

    /// <summary>The tasks of one sheet, in the order the sheet prints them.</summary>
    public IReadOnlyList<TaskSpec> TasksOf(string sheetId) => Tasks.Where(t => t.Sheet == sheetId).ToArray();

    /// <summary>The sheet's maximum: the points of its tasks that are not bonus.</summary>
    public double MaxPoints(string sheetId) => Tasks.Where(t => t.Sheet == sheetId && !t.Bonus).Sum(t => t.Points);

    /// <summary>The points of the sheet's bonus tasks.</summary>
    public double BonusPoints(string sheetId) => Tasks.Where(t => t.Sheet == sheetId && t.Bonus).Sum(t => t.Points);

    /// <summary>A task with no checks yet: its points and the intended split, <see cref="TaskSpec.Graded"/> false.</summary>
    private static TaskSpec Task(
        string sheet,
        string exercise,
        string id,
        string title,
        double points,
        double autoPoints,
        IReadOnlyList<ManualItem> manual,
        bool bonus = false,
        string? note = null) =>
        new(sheet, exercise, id, title, points, autoPoints, [], manual, bonus, note);

    private static ManualItem Item(string id, double points, string rubric) => new(id, points, rubric);
}
