using Grader.Checks.Catalog;
using System.Text;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Grader.Checks.Courses;

/// <summary>One reading of a course file (<see cref="CourseToml.Read"/>): walks Tomlyn's model, notes every problem with its span, never throws.</summary>
internal sealed class CourseReader(string text, string file, IReadOnlyList<ExercisePack> packs, DateTimeOffset? now, bool requireRubricTexts, Func<string, string> studentKey)
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
    private static readonly string[] SemesterFields = ["students", "students-file", "admission", "gradebook", "late", "extension", "group", "groups-file", "group-size", "tutorial"];
    private static readonly string[] GroupFields = ["id", "members", "tutorial"];
    private static readonly string[] TutorialFields = ["id", "tutors", "students"];
    private static readonly string[] LateFields = ["grace-days", "penalty-per-day"];
    private static readonly string[] ExtensionFields = ["student", "sheet", "days"];

    private readonly TomlMetadataStore _store = new();
    private readonly List<Located<CourseGroup>> _sheetGroups = [];
    private readonly Dictionary<string, DateTimeOffset> _regrades = new(StringComparer.Ordinal);
    private readonly List<CourseProblem> _warnings = [];
    private readonly List<CourseProblem> _problems = [];
    private readonly Dictionary<TomlTable, (int Line, int Column)> _where = new(ReferenceEqualityComparer.Instance);

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
            root = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions
            {
                SourceName = file,
                MetadataStore = _store,
                DuplicateKeyHandling = TomlDuplicateKeyHandling.Error,
            }) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            var diagnostics = e.Diagnostics?.Where(d => d.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error).ToArray() ?? [];
            if (diagnostics.Length > 0)
            {
                _problems.AddRange(diagnostics.Select(d => new CourseProblem(file, d.Span.Start.Line + 1, d.Span.Start.Column + 1, CourseProblemKind.Syntax, $"not valid TOML: {d.Message}")));
            }
            else
            {
                _problems.Add(new CourseProblem(file, e.Line ?? 1, e.Column ?? 1, CourseProblemKind.Syntax, $"not valid TOML: {FirstLine(e.Message)}"));
            }

            return new CourseDocument(file, null, [], [], new Dictionary<string, DateTimeOffset>(), null, _problems);
        }

        _where[root] = (1, 1);
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

        var semester = root.TryGetValue("semester", out var semesterValue) ? ReadSemester(root, semesterValue, sheets) : null;
        if (semester is not null)
        {
            // What `grader semester` and `serve` refuse, said here first (grading alone needs no deadline: a warning).
            foreach (var sheetTable in sheetTables.Where(t => t.TryGetValue("id", out var sheetId) && sheetId is string && !t.ContainsKey("deadline")))
            {
                var (line, column) = _where.GetValueOrDefault(sheetTable, (1, 1));
                _warnings.Add(new CourseProblem(file, line, column, CourseProblemKind.Field,
                    $"sheet {sheetTable["id"]} has no deadline: `grader grade` needs none, but `grader semester` and `grader serve` refuse the course until every sheet has one (the late policy, the release and the regrade window run from it), e.g. deadline = 2026-11-05T12:00:00+01:00."));
            }
        }

        if (semester is null && _sheetGroups.Count > 0)
        {
            var first = _sheetGroups[0];
            _problems.Add(first.Problem(CourseProblemKind.Group, "a [[sheet.group]] needs the course's [semester] with its students; add it."));
        }
        if (_problems.Count == 0)
        {
            var catalog = new CourseCatalog(sheets, tasks, packs);
            foreach (var problem in CatalogValidator.Validate(catalog).Where(p => CatalogRules.Contains(p.Kind)))
            {
                var at = text.IndexOf(Quoted(problem.Subject), StringComparison.Ordinal);
                var (line, column) = at >= 0 ? Position(at) : (1, 1);
                _problems.Add(new CourseProblem(file, line, column, CourseProblemKind.Field, $"{problem.Subject}: {problem.Message}."));
            }
        }

        return new CourseDocument(file, id is null ? null : course, sheets, tasks, deadlines, semester,
            [.. _problems.OrderBy(p => p.Line).ThenBy(p => p.Column)])
        {
            Warnings = [.. _warnings.OrderBy(p => p.Line).ThenBy(p => p.Column)],
            RegradeDeadlines = _regrades,
        };
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

        foreach (var groupTable in Tables(table, "group"))
        {
            _sheetGroups.Add(ReadGroup(groupTable, id));
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

    private CourseSemester? ReadSemester(TomlTable root, object value, List<Sheet> sheets)
    {
        if (value is not TomlTable table)
        {
            Problem(root, "semester", CourseProblemKind.Field, "[semester] must be a table.");
            return null;
        }

        Known(table, SemesterFields, "[semester]");
        var students = new List<string>();
        if (table.TryGetValue("students", out var list))
        {
            if (list is TomlArray array && array.All(s => s is string { Length: > 0 }))
            {
                students.AddRange(array.Cast<string>());
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var searchFrom = Offset(table, "students");
                foreach (var student in students)
                {
                    var quoted = Quoted(student);
                    var at = text.IndexOf(quoted, searchFrom, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        searchFrom = at + quoted.Length;
                    }

                    if (!seen.Add(studentKey(student)))
                    {
                        var (line, column) = at >= 0 ? Position(at) : Where(table, "students");
                        _problems.Add(new CourseProblem(file, line, column, CourseProblemKind.Student,
                            $"the student \"{student}\" is listed twice (names that differ only in case or Unicode composition are one student)."));
                    }
                }
            }
            else
            {
                Problem(table, "students", CourseProblemKind.Field, "students must be a list of names, e.g. [\"ada\", \"grace\"].");
            }
        }

        var studentsFile = Text(table, "students-file", required: false);
        if (studentsFile is not null && table.ContainsKey("students"))
        {
            Problem(table, "students-file", CourseProblemKind.Field, "give students or students-file, not both.");
        }

        var admission = Number(table, "admission", required: false);
        if (admission is <= 0 or > 1)
        {
            Problem(table, "admission", CourseProblemKind.Field, $"admission is {Format(admission.Value)}; it is a share of all sheets' points, above 0 and at most 1 (e.g. 0.5).");
        }

        int grace = 0;
        double penalty = 0;
        if (table.TryGetValue("late", out var lateValue))
        {
            if (lateValue is TomlTable late)
            {
                Known(late, LateFields, "[semester.late]");
                var graceDays = Number(late, "grace-days", required: false) ?? 0;
                penalty = Number(late, "penalty-per-day", required: false) ?? 0;
                if (graceDays is < 0 or > 365 || graceDays != Math.Floor(graceDays))
                {
                    Problem(late, "grace-days", CourseProblemKind.Field, $"grace-days is {Format(graceDays)}; it is a whole number of days from 0 to 365.");
                }
                else
                {
                    grace = (int)graceDays;
                }

                if (penalty is < 0 or > 1)
                {
                    Problem(late, "penalty-per-day", CourseProblemKind.Field, $"penalty-per-day is {Format(penalty)}; it is the share of a sheet's points lost per late day, from 0 to 1.");
                }
            }
            else
            {
                Problem(table, "late", CourseProblemKind.Field, "late must be a table: [semester.late] with grace-days and penalty-per-day.");
            }
        }

        var extensions = new List<CourseExtension>();
        foreach (var extension in Tables(table, "extension"))
        {
            Known(extension, ExtensionFields, "a [[semester.extension]]");
            var student = Text(extension, "student", required: true);
            var sheet = Text(extension, "sheet", required: true);
            var days = Number(extension, "days", required: true);
            if (student is not null && studentsFile is null && !students.Contains(student, StringComparer.Ordinal))
            {
                Problem(extension, "student", CourseProblemKind.Student, $"the extension names \"{student}\", who is not one of the course's students.");
            }

            if (sheet is not null && sheets.All(s => s.Id != sheet))
            {
                Problem(extension, "sheet", CourseProblemKind.Student, $"the extension names sheet \"{sheet}\", which the course does not have.");
            }

            if (days is { } d && (d is < 1 or > 365 || d != Math.Floor(d)))
            {
                Problem(extension, "days", CourseProblemKind.Field, $"days is {Format(d)}; an extension is a whole number of days from 1 to 365.");
            }
            else if (student is not null && sheet is not null && days is { } whole)
            {
                extensions.Add(new CourseExtension(student, sheet, (int)whole));
            }
        }

        var groupSize = Number(table, "group-size", required: false);
        if (groupSize is { } size && (size is < 1 or > CourseGroupRules.MaxGroupSize || size != Math.Floor(size)))
        {
            Problem(table, "group-size", CourseProblemKind.Field, $"group-size is {Format(size)}; it is a whole number of members from 1 to {CourseGroupRules.MaxGroupSize}.");
            groupSize = null;
        }

        var groups = Tables(table, "group").Select(g => ReadGroup(g, null)).Concat(_sheetGroups).ToList();
        var listed = studentsFile is null ? students : null;
        _problems.AddRange(CourseGroupRules.Groups(groups, listed, (int?)groupSize, studentKey));
        // A course handed in by groups: a listed student in none of the semester's groups hands in alone. Said, not refused.
        var grouped = groups.Where(g => g.Value.Sheet is null).SelectMany(g => g.Value.Members).Select(studentKey).ToHashSet(StringComparer.Ordinal);
        if (listed is not null && grouped.Count > 0)
        {
            var (line, column) = Where(table, "students");
            _warnings.AddRange(listed.Where(s => !grouped.Contains(studentKey(s))).Select(s => new CourseProblem(file, line, column, CourseProblemKind.Group,
                $"\"{CourseGroupRules.Shown(s)}\" is in no group: they hand in alone, under their own name; add them to a group if they work in one.")));
        }

        var tutorials = new List<Located<CourseTutorial>>();
        foreach (var tutorialTable in Tables(table, "tutorial"))
        {
            Known(tutorialTable, TutorialFields, "a [[semester.tutorial]]");
            var tutorialId = Text(tutorialTable, "id", required: true) ?? "";
            var (tutors, _) = Names(tutorialTable, "tutors", required: false);
            var (members, parts) = Names(tutorialTable, "students", required: true);
            var (line, column) = _where.GetValueOrDefault(tutorialTable, (1, 1));
            tutorials.Add(new Located<CourseTutorial>(new CourseTutorial(tutorialId, tutors, members), file, line, column, parts));
        }

        _problems.AddRange(CourseGroupRules.Tutorials(tutorials, listed, studentKey, _warnings));
        var semester = new CourseSemester(students, studentsFile, admission, Text(table, "gradebook", required: false), grace, penalty, extensions)
        {
            Groups = [.. groups.Select(g => g.Value)],
            GroupsFile = Text(table, "groups-file", required: false),
            GroupSize = (int?)groupSize,
            Tutorials = [.. tutorials.Select(t => t.Value)],
        };
        _problems.AddRange(CourseGroupRules.GroupTutorials(groups, semester, studentKey, _warnings));
        return semester;
    }

    private Located<CourseGroup> ReadGroup(TomlTable table, string? sheet)
    {
        Known(table, GroupFields, sheet is null ? "a [[semester.group]]" : "a [[sheet.group]]");
        var (line, column) = _where.GetValueOrDefault(table, (1, 1));
        var id = table.TryGetValue("id", out var value) && value is string text ? text : Text(table, "id", required: true) ?? "";
        var (members, parts) = Names(table, "members", required: true);
        var tutorial = Text(table, "tutorial", required: false);
        return new Located<CourseGroup>(new CourseGroup(id, members, sheet, tutorial), file, line, column, parts);
    }

    /// <summary>A list of names, each with where it was written (found in the text after the key, as the students are).</summary>
    private (List<string> Names, List<(int Line, int Column)> Parts) Names(TomlTable table, string key, bool required)
    {
        var names = new List<string>();
        var parts = new List<(int Line, int Column)>();
        if (!table.TryGetValue(key, out var list))
        {
            if (required)
            {
                Problem(table, CourseProblemKind.Field, $"\"{key}\" is missing.");
            }

            return (names, parts);
        }

        if (list is not TomlArray array || !array.All(s => s is string { Length: > 0 }))
        {
            Problem(table, key, CourseProblemKind.Field, $"{key} must be a list of names, e.g. [\"ada\", \"grace\"].");
            return (names, parts);
        }

        var searchFrom = Offset(table, key);
        foreach (var name in array.Cast<string>())
        {
            var quoted = Quoted(name);
            var at = text.IndexOf(quoted, searchFrom, StringComparison.Ordinal);
            if (at >= 0)
            {
                searchFrom = at + quoted.Length;
            }

            names.Add(name);
            parts.Add(at >= 0 ? Position(at) : Where(table, key));
        }

        return (names, parts);
    }

    private void Known(TomlTable table, string[] fields, string what)
    {
        foreach (var key in table.Keys.Where(k => !fields.Contains(k, StringComparer.Ordinal)))
        {
            Problem(table, key, CourseProblemKind.Field, $"unknown field \"{key}\" in {what} (its fields are {string.Join(", ", fields)}).");
        }
    }

    private string? Text(TomlTable table, string key, bool required)
    {
        if (!table.TryGetValue(key, out var value))
        {
            if (required)
            {
                Problem(table, CourseProblemKind.Field, $"\"{key}\" is missing.");
            }

            return null;
        }

        if (value is string { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        Problem(table, key, CourseProblemKind.Field, $"\"{key}\" must be a non-empty string.");
        return null;
    }

    private double? Number(TomlTable table, string key, bool required)
    {
        if (!table.TryGetValue(key, out var value))
        {
            if (required)
            {
                Problem(table, CourseProblemKind.Field, $"\"{key}\" is missing.");
            }

            return null;
        }

        switch (value)
        {
            case long whole:
                return whole;
            case double real when double.IsFinite(real):
                return real;
            default:
                Problem(table, key, CourseProblemKind.Field, $"\"{key}\" must be a number.");
                return null;
        }
    }

    private bool Flag(TomlTable table, string key, bool fallback)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return fallback;
        }

        if (value is bool flag)
        {
            return flag;
        }

        Problem(table, key, CourseProblemKind.Field, $"\"{key}\" must be true or false.");
        return fallback;
    }

    private List<TomlTable> Tables(TomlTable table, string key)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return [];
        }

        List<TomlTable>? tables = value switch
        {
            TomlTableArray array => [.. array],
            TomlArray array when array.All(a => a is TomlTable) => [.. array.Cast<TomlTable>()],
            _ => null,
        };
        if (tables is null)
        {
            Problem(table, key, CourseProblemKind.Field, $"\"{key}\" must be a list of tables ([[…{key}]]).");
            return [];
        }

        var parent = Where(table, key);
        foreach (var child in tables)
        {
            _where[child] = FirstKey(child) ?? parent;
        }

        return tables;
    }

    private (int Line, int Column)? FirstKey(TomlTable table)
    {
        if (!_store.TryGetProperties(table, out var metadata) || metadata is null)
        {
            return null;
        }

        (int Line, int Column)? first = null;
        foreach (var key in table.Keys)
        {
            if (metadata.TryGetProperty(key, out var property) && property?.Span is { } span)
            {
                var at = (span.Start.Line + 1, span.Start.Column + 1);
                if (first is null || at.CompareTo(first.Value) < 0)
                {
                    first = at;
                }
            }
        }

        return first;
    }

    private (int Line, int Column) Where(TomlTable table, string key) =>
        _store.TryGetProperties(table, out var metadata) && metadata is not null && metadata.TryGetProperty(key, out var property) && property?.Span is { } span
            ? (span.Start.Line + 1, span.Start.Column + 1)
            : _where.GetValueOrDefault(table, (1, 1));

    private int Offset(TomlTable table, string key) =>
        _store.TryGetProperties(table, out var metadata) && metadata is not null && metadata.TryGetProperty(key, out var property) && property?.Span is { } span
            ? Math.Clamp(span.Offset, 0, text.Length)
            : 0;

    private List<int>? _lineStarts;

    /// <summary>The 1-based line and column of <paramref name="offset"/>: a binary search of the line starts (a list of 100,000 names is located in n log n, not n²).</summary>
    private (int Line, int Column) Position(int offset)
    {
        if (_lineStarts is null)
        {
            _lineStarts = [0];
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    private void Problem(TomlTable table, string key, CourseProblemKind kind, string message)
    {
        var (line, column) = Where(table, key);
        _problems.Add(new CourseProblem(file, line, column, kind, message));
    }

    private void Problem(TomlTable table, CourseProblemKind kind, string message)
    {
        var (line, column) = _where.GetValueOrDefault(table, (1, 1));
        _problems.Add(new CourseProblem(file, line, column, kind, message));
    }

    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
