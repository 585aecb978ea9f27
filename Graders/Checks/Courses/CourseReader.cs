using Grader.Checks.Catalog;
using System.Text;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Grader.Checks.Courses;

/// <summary>One reading of a course file (<see cref="CourseToml.Read"/>): walks Tomlyn's model, notes every problem with its span, never throws.</summary>
internal sealed class CourseReader(string text, string file, IReadOnlyList<ExercisePack> packs, DateTimeOffset? now, bool requireRubricTexts, ICourseSemesterReader? semester)
    : CourseTables(text, file)
{
    /// <summary>The catalog rules (<see cref="CatalogValidator"/>) the reader's own do not cover, applied to a course that reads cleanly.</summary>
    private static readonly CatalogProblemKind[] CatalogRules =
    [
        CatalogProblemKind.BadSheetId, CatalogProblemKind.MalformedTaskId, CatalogProblemKind.MissingText, CatalogProblemKind.PointsNotPositive,
        CatalogProblemKind.ChecksWithoutAutoPoints, CatalogProblemKind.MissingNote, CatalogProblemKind.PendingTaskHasChecks,
    ];

    private readonly IReadOnlySet<string> _bound = CourseCatalog.BoundTaskIds(packs);

    private static readonly string[] CourseFields = ["id", "institution", "name", "year", "sheet", "semester"];
    private static readonly string[] SheetFields = ["id", "file", "title", "total", "bonus", "prints-points", "note", "deadline", "regrade", "task", "group"];
    private static readonly string[] TaskFields = ["id", "exercise", "title", "points", "auto", "bonus", "checks-pending", "note", "manual"];
    private static readonly string[] ItemFields = ["id", "points", "level"];
    private static readonly string[] LevelFields = ["points", "text"];

    private readonly Dictionary<string, DateTimeOffset> _regrades = new(StringComparer.Ordinal);

    /// <summary>Tomlyn's model of <paramref name="toml"/> with its spans in <paramref name="store"/>; null when it does not parse.</summary>
    internal static TomlTable? Model(string toml, string source, TomlMetadataStore store)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(toml, new TomlSerializerOptions
            {
                SourceName = source,
                MetadataStore = store,
                DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
            });
        }
        catch (TomlException)
        {
            return null;
        }
    }

    public CourseDocument Read()
    {
        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(SourceText, new TomlSerializerOptions
            {
                SourceName = File,
                MetadataStore = Store,
                DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
            }) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            var diagnostics = e.Diagnostics?.Where(d => d.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error).ToArray() ?? [];
            if (diagnostics.Length > 0)
            {
                Problems.AddRange(diagnostics.Select(d => new CourseProblem(File, d.Span.Start.Line + 1, d.Span.Start.Column + 1, CourseProblemKind.Syntax, $"not valid TOML: {d.Message}")));
            }
            else
            {
                Problems.Add(new CourseProblem(File, e.Line ?? 1, e.Column ?? 1, CourseProblemKind.Syntax, $"not valid TOML: {FirstLine(e.Message)}"));
            }

            return new CourseDocument(File, null, [], [], new Dictionary<string, DateTimeOffset>(), Problems);
        }

        Place(root, (1, 1));
        SheetsAfterOtherTables();
        Known(root, CourseFields, "the course");
        var id = Text(root, "id", required: true);
        var institution = Text(root, "institution", required: true);
        var name = Text(root, "name", required: true);
        var year = Text(root, "year", required: true);
        var course = new Course(id ?? "", institution ?? "", name ?? "", year ?? "");

        var sheets = new List<Sheet>();
        var tasks = new List<TaskSpec>();
        var deadlines = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var sheetTables = Tables(root, "sheet");
        if (sheetTables.Count == 0 && !root.ContainsKey("sheet"))
        {
            Problem(root, CourseProblemKind.Field, "the course has no [[sheet]]; give each sheet with its tasks.");
        }

        var taskIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sheetTable in sheetTables)
        {
            ReadSheet(sheetTable, course, sheets, tasks, deadlines, taskIds);
        }

        // The tutor's part ([semester], each sheet's [[sheet.group]]) is read by the tutor's side; the student's reader leaves it unread.
        semester?.Read(this, root, sheetTables, sheets);
        if (Problems.Count == 0)
        {
            var catalog = new CourseCatalog(sheets, tasks, packs);
            foreach (var problem in CatalogValidator.Validate(catalog).Where(p => CatalogRules.Contains(p.Kind)))
            {
                var at = SourceText.IndexOf(Quoted(problem.Subject), StringComparison.Ordinal);
                var (line, column) = at >= 0 ? Position(at) : (1, 1);
                Problems.Add(new CourseProblem(File, line, column, CourseProblemKind.Field, $"{problem.Subject}: {problem.Message}."));
            }
        }

        return new CourseDocument(File, id is null ? null : course, sheets, tasks, deadlines,
            [.. Problems.OrderBy(p => p.Line).ThenBy(p => p.Column)])
        {
            Warnings = [.. Warnings.OrderBy(p => p.Line).ThenBy(p => p.Column)],
            RegradeDeadlines = _regrades,
        };
    }

    /// <summary>
    /// A <c>[[sheet]]</c> written after another table than a sheet's own (<c>[semester]</c>, <c>[semester.…]</c>) is valid
    /// TOML, but Tomlyn's model then starts the array of sheets anew and the sheets above it are lost without a word (a
    /// tutor appending a sheet at the end of a file with a <c>[semester]</c>). Refused, located, until every sheet comes first.
    /// </summary>
    private void SheetsAfterOtherTables()
    {
        var document = Tomlyn.Parsing.SyntaxParser.Parse(SourceText, File, true);
        string? other = null;
        var otherLine = 0;
        for (int i = 0; i < document.Tables.ChildrenCount; i++)
        {
            var table = document.Tables.GetChild(i)!;
            var name = table.Name?.ToString().Trim() ?? "";
            var line = table.Span.Start.Line + 1;
            if (name == "sheet" || name.StartsWith("sheet.", StringComparison.Ordinal))
            {
                if (other is not null && name == "sheet" && table is Tomlyn.Syntax.TableArraySyntax)
                {
                    Problems.Add(new CourseProblem(File, line, 1, CourseProblemKind.Field,
                        $"this [[sheet]] comes after [{other}] (line {otherLine}): write every [[sheet]] with its tasks before [{other}]; as written, the sheets above [{other}] would be lost."));
                }
            }
            else if (other is null)
            {
                (other, otherLine) = (name, line);
            }
        }
    }

    private void ReadSheet(TomlTable table, Course course, List<Sheet> sheets, List<TaskSpec> tasks, Dictionary<string, DateTimeOffset> deadlines, HashSet<string> taskIds)
    {
        Known(table, SheetFields, "a [[sheet]]");
        var id = Text(table, "id", required: true) ?? "?";
        if (sheets.Any(s => s.Id == id))
        {
            Problem(table, "id", CourseProblemKind.Field, $"the sheet \"{id}\" is given twice.");
        }

        var total = Number(table, "total", required: true) ?? 0;
        var bonus = Number(table, "bonus", required: false) ?? 0;
        var sheet = new Sheet(id, Text(table, "file", required: true) ?? "", Text(table, "title", required: true) ?? "", course, total, bonus,
            Flag(table, "prints-points", true), Text(table, "note", required: false) ?? "");
        sheets.Add(sheet);

        if (table.TryGetValue("deadline", out var deadline))
        {
            if (deadline is TomlDateTime { Kind: TomlDateTimeKind.OffsetDateTimeByNumber or TomlDateTimeKind.OffsetDateTimeByZ } time)
            {
                deadlines[id] = time.DateTime;
                if (now is { } runTime && time.DateTime < runTime)
                {
                    Problem(table, "deadline", CourseProblemKind.PastDeadline,
                        $"the deadline of sheet {id}, {time}, is before now ({runTime.ToUniversalTime():yyyy-MM-dd HH:mm}Z); set this semester's (a course under way: check it as of its start, `grader course check FILE --now 2026-10-01T00:00Z`).");
                }
            }
            else
            {
                Problem(table, "deadline", CourseProblemKind.Field, $"the deadline of sheet {id} must be a date and time with its offset, e.g. 2026-11-05T12:00:00+01:00.");
            }
        }

        if (table.TryGetValue("regrade", out var regrade))
        {
            if (regrade is not TomlDateTime { Kind: TomlDateTimeKind.OffsetDateTimeByNumber or TomlDateTimeKind.OffsetDateTimeByZ } until)
            {
                Problem(table, "regrade", CourseProblemKind.Field, $"the regrade deadline of sheet {id} must be a date and time with its offset, e.g. 2026-11-20T12:00:00+01:00.");
            }
            else if (deadlines.TryGetValue(id, out var due) && until.DateTime <= due)
            {
                Problem(table, "regrade", CourseProblemKind.Field, $"the regrade deadline of sheet {id}, {until.DateTime.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}, is not after its deadline: students file requests once the sheet is graded and released.");
            }
            else
            {
                _regrades[id] = until.DateTime;
            }
        }

        var mine = new List<TaskSpec>();
        foreach (var taskTable in Tables(table, "task"))
        {
            if (ReadTask(taskTable, id, taskIds) is { } task)
            {
                mine.Add(task);
            }
        }

        if (mine.Count == 0 && !table.ContainsKey("task"))
        {
            Problem(table, "id", CourseProblemKind.Field, $"sheet {id} has no [[sheet.task]].");
        }

        tasks.AddRange(mine);
        var sum = mine.Where(t => !t.Bonus).Sum(t => t.Points);
        var bonusSum = mine.Where(t => t.Bonus).Sum(t => t.Points);
        if (Math.Abs(sum - total) > 1e-9)
        {
            Problem(table, "total", CourseProblemKind.Points, $"the tasks of sheet {id} that are not bonus add up to {Format(sum)} points, not its total {Format(total)}.");
        }

        if (Math.Abs(bonusSum - bonus) > 1e-9)
        {
            Problem(table, table.ContainsKey("bonus") ? "bonus" : "id", CourseProblemKind.Points, $"the bonus tasks of sheet {id} add up to {Format(bonusSum)} points, not its bonus {Format(bonus)}.");
        }
    }

    private TaskSpec? ReadTask(TomlTable table, string sheet, HashSet<string> taskIds)
    {
        Known(table, TaskFields, "a [[sheet.task]]");
        var id = Text(table, "id", required: true);
        var points = Number(table, "points", required: true) ?? 0;
        var auto = Number(table, "auto", required: false) ?? 0;
        var pending = Flag(table, "checks-pending", false);
        if (id is null)
        {
            return null;
        }

        if (!taskIds.Add(id))
        {
            Problem(table, "id", CourseProblemKind.UnknownTask, $"the task \"{id}\" is given twice.");
        }
        else if (!id.StartsWith(sheet + "/", StringComparison.Ordinal) && !_bound.Contains(id))
        {
            // A pack's task may go on any sheet of the course (a new sheet "105" takes "002/…" tasks); a task of the course's own keeps its sheet's id.
            Problem(table, "id", CourseProblemKind.UnknownTask, $"the task id \"{id}\" does not start with its sheet's id, \"{sheet}/\", and is no exercise pack's task.");
        }
        else if (auto > 0 && !pending && !_bound.Contains(id))
        {
            Problem(table, "id", CourseProblemKind.UnknownTask,
                $"unknown task id \"{id}\": no exercise pack binds checks to it (the nearest are {string.Join(", ", NearestIds.Of(id, _bound).Select(n => $"\"{n}\""))}); a task with automatic points must be a pack's, or set checks-pending = true.");
        }

        if (points < 0 || auto < 0)
        {
            Problem(table, points < 0 ? "points" : "auto", CourseProblemKind.Points, $"task {id}: points cannot be negative.");
        }

        var items = new List<ManualItem>();
        foreach (var itemTable in Tables(table, "manual"))
        {
            if (ReadItem(itemTable, id) is { } item)
            {
                if (items.Any(i => i.Id == item.Id))
                {
                    Problem(itemTable, "id", CourseProblemKind.Field, $"task {id} has the manual item \"{item.Id}\" twice.");
                }

                items.Add(item);
            }
        }

        var manual = items.Sum(i => i.Points);
        if (Math.Abs(auto + manual - points) > 1e-9)
        {
            Problem(table, table.ContainsKey("points") ? "points" : "id", CourseProblemKind.Points,
                $"task {id}: auto {Format(auto)} + manual items {Format(manual)} = {Format(auto + manual)}, not its points {Format(points)}.");
        }

        return new TaskSpec(sheet, Text(table, "exercise", required: true) ?? "", id, Text(table, "title", required: true) ?? "", points, auto, [], items,
            Flag(table, "bonus", false), Text(table, "note", required: false)) { ChecksPending = pending };
    }

    private ManualItem? ReadItem(TomlTable table, string task)
    {
        Known(table, ItemFields, "a [[sheet.task.manual]]");
        var id = Text(table, "id", required: true);
        var points = Number(table, "points", required: true) ?? 0;
        if (id is null)
        {
            return null;
        }

        var levels = new List<RubricLevel>();
        foreach (var levelTable in Tables(table, "level"))
        {
            Known(levelTable, LevelFields, "a rubric level");
            var levelPoints = Number(levelTable, "points", required: true) ?? 0;
            var levelText = Text(levelTable, "text", required: requireRubricTexts) ?? "";
            if (levelPoints < 0 || levelPoints > points + 1e-9)
            {
                Problem(levelTable, "points", CourseProblemKind.Rubric, $"a level of manual item {id} of task {task} gives {Format(levelPoints)} points; a level gives from 0 to the item's {Format(points)}.");
            }
            else if (levels.Count == 0 && Math.Abs(levelPoints - points) > 1e-9)
            {
                Problem(levelTable, "points", CourseProblemKind.Rubric, $"the first level of manual item {id} of task {task} gives {Format(levelPoints)} points; levels go highest first, from full marks ({Format(points)}).");
            }
            else if (levels.Count > 0 && levelPoints >= levels[^1].Points)
            {
                Problem(levelTable, "points", CourseProblemKind.Rubric, $"the levels of manual item {id} of task {task} go highest first; {Format(levelPoints)} follows {Format(levels[^1].Points)}.");
            }

            levels.Add(new RubricLevel(levelPoints, levelText));
        }

        if (levels.Count == 0)
        {
            Problem(table, "id", CourseProblemKind.Rubric, $"manual item {id} of task {task} has no rubric levels; give each as a [[sheet.task.manual.level]] with points and text, full marks first and 0 last.");
        }

        return new ManualItem(id, points, levels.FirstOrDefault()?.Text is { Length: > 0 } rubric ? rubric : null, levels);
    }

}