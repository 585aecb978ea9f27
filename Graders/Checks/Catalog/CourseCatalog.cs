using Grader.Checks.Checking;
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
        Sheet000Tasks().Concat(Sheet001Tasks()).Concat(Sheet002Tasks()).Concat(Sheet003Tasks()).Concat(Sheet004Tasks()).Select(WithDiffusionChecks));

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

    /// <summary>
    /// The same catalog with every <see cref="DeferredCheck"/> whose id matches one of <paramref name="implementations"/>
    /// replaced by it (weights and visibility unchanged). The tutor side binds the hidden checks this way.
    /// </summary>
    public CourseCatalog WithImplementations(IEnumerable<ICheck> implementations)
    {
        var byId = implementations.ToDictionary(c => c.Id);
        var tasks = Tasks.Select(t => t with
        {
            Checks = t.Checks.Select(c => c.Check is DeferredCheck && byId.TryGetValue(c.Check.Id, out var impl) ? c with { Check = impl } : c).ToArray(),
        });
        return new CourseCatalog(Sheets, tasks);
    }

    /// <summary>A task: its points, the split into auto and manual, and its checks (none: <see cref="TaskSpec.Graded"/> false).</summary>
    private static TaskSpec Task(
        string sheet,
        string exercise,
        string id,
        string title,
        double points,
        double autoPoints,
        IReadOnlyList<ManualItem> manual,
        bool bonus = false,
        string? note = null,
        IReadOnlyList<CheckSpec>? checks = null) =>
        new(sheet, exercise, id, title, points, autoPoints, checks ?? [], manual, bonus, note);

    private static CheckSpec Visible(ICheck check, double weight = 1) => new(check, weight, Visibility.Visible);

    private static CheckSpec Hidden(ICheck check, double weight = 1) => new(check, weight, Visibility.Hidden);

    private static ManualItem Item(string id, double points, string rubric) => new(id, points, rubric);
}
