using Grader.Checks.Courses;

namespace Grader.Checks.Catalog;

/// <summary>
/// The course catalog: the sheets of the course files (<c>courses/*.toml</c>; shipped: the five sheets of <c>seeds/</c>) and every task on them, with the points the sheets give (design
/// §7: "points come from the sheets"), joined with the exercise packs' bindings, which give a task its checks
/// (<see cref="TaskSpec.Checks"/>) and contracts. Points live only in the sheets; a task's points are split once, into
/// the share its checks earn (<see cref="TaskSpec.AutoPoints"/>) and the items a tutor grades (<see cref="TaskSpec.Manual"/>).
/// <para>
/// <see cref="CatalogValidator"/> checks the integrity (ids, sums, bindings, packs); this type does not validate on
/// construction, so a broken catalog can be built and shown to the validator.
/// </para>
/// </summary>
public sealed partial class CourseCatalog
{
    /// <summary>The course files carried in this assembly (<c>courses/*.toml</c>), read once; see <see cref="ShippedCourses"/>.</summary>
    private static readonly Lazy<IReadOnlyList<CourseDocument>> Shipped = new(ReadShippedCourses);

    /// <summary>
    /// The catalog of the shipped course files (the five sheets of <c>seeds/</c>) and the registered packs, hidden checks
    /// declared but not bound, manual items without their rubric texts (the side students receive).
    /// </summary>
    public static readonly CourseCatalog Default = FromCourses(ShippedCourses, RegisteredPacks());

    /// <summary>The sheets and their tasks joined with <paramref name="packs"/>: a task gets the checks and contracts every binding of its id gives it.</summary>
    public CourseCatalog(IEnumerable<Sheet> sheets, IEnumerable<TaskSpec> tasks, IEnumerable<ExercisePack>? packs = null)
    {
        Sheets = Array.AsReadOnly(sheets.ToArray());
        Packs = Array.AsReadOnly((packs ?? []).ToArray());
        _entries = tasks.ToArray();
        var bindings = Packs.SelectMany(p => p.Bindings).ToLookup(b => b.TaskId, StringComparer.Ordinal);
        Tasks = Array.AsReadOnly(_entries.Select(t => bindings[t.Id].Any()
            ? t with
            {
                Checks = [.. t.Checks, .. bindings[t.Id].SelectMany(b => b.Checks)],
                Contracts = [.. t.Contracts.Concat(bindings[t.Id].SelectMany(b => b.Contracts)).Distinct()],
            }
            : t).ToArray());
        TutorPacks = [];
    }

    private CourseCatalog(CourseCatalog from, IReadOnlyList<TaskSpec> tasks, IReadOnlyList<TutorPack> tutorPacks)
    {
        Sheets = from.Sheets;
        Packs = from.Packs;
        Tasks = tasks;
        TutorPacks = tutorPacks;
        _side = from._side;
    }

    /// <summary>How this catalog's side was bound to its sheets (<see cref="WithSide"/>); null on the side students receive.</summary>
    private readonly Func<CourseCatalog, CourseCatalog>? _side;

    private CourseCatalog(CourseCatalog from, Func<CourseCatalog, CourseCatalog> side)
        : this(from, from.Tasks, from.TutorPacks) => _side = side;

    /// <summary>
    /// This catalog, remembering <paramref name="side"/>: how its side (the tutor's: hidden checks and rubrics, which
    /// live in a project this one cannot name) is bound to a catalog of sheet entries, so <see cref="SameSide"/> can bind
    /// a course file's catalog alike. The tutor's catalog is made with it; the students' has none.
    /// </summary>
    public CourseCatalog WithSide(Func<CourseCatalog, CourseCatalog> side)
    {
        ArgumentNullException.ThrowIfNull(side);
        return new CourseCatalog(this, side);
    }

    /// <summary>
    /// <paramref name="entries"/> (a course file's sheets joined with the packs) bound to this catalog's side: the tutor's
    /// hidden checks and rubrics when this is the tutor's catalog, unchanged when it is the students'. How a verb that was
    /// given the tutor's catalog reads a course file as the tutor's without naming the tutor's project.
    /// </summary>
    public CourseCatalog SameSide(CourseCatalog entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return _side is null ? entries : _side(entries);
    }

    /// <summary>The tasks as the sheet entries state them, before the packs' bindings; null once the tutor side or the rubrics are bound.</summary>
    private readonly IReadOnlyList<TaskSpec>? _entries;

    /// <summary>The sheets, in order.</summary>
    public IReadOnlyList<Sheet> Sheets { get; }

    /// <summary>Every task of every sheet, in sheet order and in the order each sheet prints them, with its pack bindings joined in.</summary>
    public IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>The exercise packs joined in.</summary>
    public IReadOnlyList<ExercisePack> Packs { get; }

    /// <summary>The tutor sides bound by <see cref="WithTutorPacks"/> (empty on the side students receive).</summary>
    public IReadOnlyList<TutorPack> TutorPacks { get; }

    /// <summary>The courses of the sheets, in sheet order.</summary>
    public IReadOnlyList<Course> Courses => Sheets.Select(s => s.Course).Distinct().ToArray();

    /// <summary>The assignment of the sheet with this id: the sheet and its tasks; null when there is no such sheet.</summary>
    /// <remarks>
    /// <paramref name="sheetId"/> is a sheet's id, or a number that names exactly one sheet whose id is digits
    /// (<c>--sheet 2</c> for sheet 002, as a tutor types it).
    /// </remarks>
    public Assignment? FindAssignment(string sheetId) => (FindSheet(sheetId) ?? SheetNumbered(sheetId)) is { } sheet ? new Assignment(sheet, TasksOf(sheet.Id)) : null;

    /// <summary>The one sheet whose id is digits of the value <paramref name="number"/> has ("2", "02": "002"), or null (none, several, or not a number).</summary>
    private Sheet? SheetNumbered(string number)
    {
        if (Number(number) is not { } value)
        {
            return null;
        }

        var named = Sheets.Where(s => Number(s.Id) == value).Take(2).ToArray();
        return named.Length == 1 ? named[0] : null;

        static int? Number(string text) =>
            text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Every sheet as an assignment.</summary>
    public IReadOnlyList<Assignment> Assignments => Sheets.Select(s => new Assignment(s, TasksOf(s.Id))).ToArray();

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
    /// This catalog with more sheet entries and packs, joined as if <paramref name="sheets"/> and <paramref name="tasks"/>
    /// were written in a course file and <paramref name="packs"/> registered in
    /// <c>CourseCatalog.Packs.cs</c>: the sheets follow the catalog's, each task goes with its sheet's tasks, and every
    /// pack's bindings give the tasks their checks. Bind the tutor side (<see cref="WithTutorPacks"/>) and the rubrics
    /// (<see cref="WithManualItems"/>) after: they are not joined again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tutor side or the rubrics are bound already.</exception>
    public CourseCatalog With(IEnumerable<Sheet> sheets, IEnumerable<TaskSpec> tasks, IEnumerable<ExercisePack> packs)
    {
        var entries = _entries ?? throw new InvalidOperationException("Join sheet entries and packs before binding the tutor side or the rubrics.");
        Sheet[] allSheets = [.. Sheets, .. sheets];
        var order = allSheets.Select((s, i) => (s.Id, i)).DistinctBy(s => s.Id).ToDictionary(s => s.Id, s => s.i, StringComparer.Ordinal);
        return new CourseCatalog(allSheets, entries.Concat(tasks).OrderBy(t => order.GetValueOrDefault(t.Sheet, allSheets.Length)), [.. Packs, .. packs]);
    }

    /// <summary>
    /// The same catalog with the tutor sides bound: every <see cref="DeferredCheck"/> whose id one of
    /// <paramref name="tutorPacks"/>' hidden checks has is replaced by it (weights and visibility unchanged).
    /// </summary>
    public CourseCatalog WithTutorPacks(IEnumerable<TutorPack> tutorPacks)
    {
        var packs = tutorPacks.ToArray();
        var byId = packs.SelectMany(p => p.HiddenChecks).GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var tasks = Tasks.Select(t => t with
        {
            Checks = t.Checks.Select(c => c.Check is DeferredCheck && byId.TryGetValue(c.Check.Id, out var impl) ? c with { Check = impl } : c).ToArray(),
        }).ToArray();
        return new CourseCatalog(this, tasks, [.. TutorPacks, .. packs]);
    }

    /// <summary>
    /// The same catalog with each manual item replaced by what <paramref name="item"/> makes of it: the tutor's side joins
    /// the rubrics kept in Graders/Hidden, which the catalog students receive does not hold.
    /// </summary>
    public CourseCatalog WithManualItems(Func<TaskSpec, ManualItem, ManualItem> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new CourseCatalog(this, Tasks.Select(t => t with { Manual = t.Manual.Select(m => item(t, m)).ToArray() }).ToArray(), TutorPacks);
    }
}
