using Grader.Checks.Courses;
using Tomlyn.Model;

namespace Grader.Grading.Courses;

/// <summary>
/// The tutor's reader of a course file's semester (<see cref="ICourseSemesterReader"/>): <c>[semester]</c> with its
/// students, late policy, extensions, groups and tutorials, and each sheet's <c>[[sheet.group]]</c>, checked by
/// <see cref="CourseGroupRules"/>; every problem is noted, located, beside the rest of the file's. One reader reads one file.
/// </summary>
/// <param name="studentKey">The key under which two names are one student (the tool's: case and Unicode composition ignored).</param>
public sealed class CourseSemesterReader(Func<string, string> studentKey) : ICourseSemesterReader
{
    private static readonly string[] SemesterFields = ["students", "students-file", "admission", "gradebook", "late", "extension", "group", "groups-file", "group-size", "tutorial"];
    private static readonly string[] GroupFields = ["id", "members", "tutorial"];
    private static readonly string[] TutorialFields = ["id", "tutors", "students"];
    private static readonly string[] LateFields = ["grace-days", "penalty-per-day"];
    private static readonly string[] ExtensionFields = ["student", "sheet", "days"];

    /// <summary>The <c>[semester]</c> as read; null before <see cref="Read"/> or when the file has none.</summary>
    public CourseSemester? Semester { get; private set; }

    /// <inheritdoc/>
    public void Read(CourseTables tables, TomlTable root, IReadOnlyList<TomlTable> sheetTables, IReadOnlyList<Sheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(sheetTables);
        ArgumentNullException.ThrowIfNull(sheets);
        var sheetGroups = new List<Located<CourseGroup>>();
        foreach (var sheetTable in sheetTables)
        {
            var sheet = sheetTable.TryGetValue("id", out var id) && id is string { Length: > 0 } given ? given : "?";
            sheetGroups.AddRange(tables.Tables(sheetTable, "group").Select(g => ReadGroup(tables, g, sheet)));
        }

        Semester = root.TryGetValue("semester", out var semesterValue) ? ReadSemester(tables, root, semesterValue, sheets, sheetGroups) : null;
        if (Semester is not null)
        {
            // What `grader semester` and `serve` refuse, said here first (grading alone needs no deadline: a warning).
            foreach (var sheetTable in sheetTables.Where(t => t.TryGetValue("id", out var sheetId) && sheetId is string && !t.ContainsKey("deadline")))
            {
                var (line, column) = tables.At(sheetTable);
                tables.Warnings.Add(new CourseProblem(tables.File, line, column, CourseProblemKind.Field,
                    $"sheet {sheetTable["id"]} has no deadline: `grader grade` needs none, but `grader semester` and `grader serve` refuse the course until every sheet has one (the late policy, the release and the regrade window run from it), e.g. deadline = 2026-11-05T12:00:00+01:00."));
            }
        }

        if (Semester is null && sheetGroups.Count > 0)
        {
            tables.Problems.Add(sheetGroups[0].Problem(CourseProblemKind.Group, "a [[sheet.group]] needs the course's [semester] with its students; add it."));
        }
    }

    private CourseSemester? ReadSemester(CourseTables tables, TomlTable root, object value, IReadOnlyList<Sheet> sheets, List<Located<CourseGroup>> sheetGroups)
    {
        if (value is not TomlTable table)
        {
            tables.Problem(root, "semester", CourseProblemKind.Field, "[semester] must be a table.");
            return null;
        }

        tables.Known(table, SemesterFields, "[semester]");
        var students = new List<string>();
        if (table.TryGetValue("students", out var list))
        {
            if (list is TomlArray array && array.All(s => s is string { Length: > 0 }))
            {
                students.AddRange(array.Cast<string>());
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var searchFrom = tables.Offset(table, "students");
                foreach (var student in students)
                {
                    var quoted = CourseTables.Quoted(student);
                    var at = tables.SourceText.IndexOf(quoted, searchFrom, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        searchFrom = at + quoted.Length;
                    }

                    if (!seen.Add(studentKey(student)))
                    {
                        var (line, column) = at >= 0 ? tables.Position(at) : tables.Where(table, "students");
                        tables.Problems.Add(new CourseProblem(tables.File, line, column, CourseProblemKind.Student,
                            $"the student \"{student}\" is listed twice (names that differ only in case or Unicode composition are one student)."));
                    }
                }
            }
            else
            {
                tables.Problem(table, "students", CourseProblemKind.Field, "students must be a list of names, e.g. [\"ada\", \"grace\"].");
            }
        }

        var studentsFile = tables.Text(table, "students-file", required: false);
        if (studentsFile is not null && table.ContainsKey("students"))
        {
            tables.Problem(table, "students-file", CourseProblemKind.Field, "give students or students-file, not both.");
        }

        var admission = tables.Number(table, "admission", required: false);
        if (admission is <= 0 or > 1)
        {
            tables.Problem(table, "admission", CourseProblemKind.Field, $"admission is {CourseTables.Format(admission.Value)}; it is a share of all sheets' points, above 0 and at most 1 (e.g. 0.5).");
        }

        int grace = 0;
        double penalty = 0;
        if (table.TryGetValue("late", out var lateValue))
        {
            if (lateValue is TomlTable late)
            {
                tables.Known(late, LateFields, "[semester.late]");
                var graceDays = tables.Number(late, "grace-days", required: false) ?? 0;
                penalty = tables.Number(late, "penalty-per-day", required: false) ?? 0;
                if (graceDays is < 0 or > 365 || graceDays != Math.Floor(graceDays))
                {
                    tables.Problem(late, "grace-days", CourseProblemKind.Field, $"grace-days is {CourseTables.Format(graceDays)}; it is a whole number of days from 0 to 365.");
                }
                else
                {
                    grace = (int)graceDays;
                }

                if (penalty is < 0 or > 1)
                {
                    tables.Problem(late, "penalty-per-day", CourseProblemKind.Field, $"penalty-per-day is {CourseTables.Format(penalty)}; it is the share of a sheet's points lost per late day, from 0 to 1.");
                }
            }
            else
            {
                tables.Problem(table, "late", CourseProblemKind.Field, "late must be a table: [semester.late] with grace-days and penalty-per-day.");
            }
        }

        var extensions = new List<CourseExtension>();
        foreach (var extension in tables.Tables(table, "extension"))
        {
            tables.Known(extension, ExtensionFields, "a [[semester.extension]]");
            var student = tables.Text(extension, "student", required: true);
            var sheet = tables.Text(extension, "sheet", required: true);
            var days = tables.Number(extension, "days", required: true);
            if (student is not null && studentsFile is null && !students.Contains(student, StringComparer.Ordinal))
            {
                tables.Problem(extension, "student", CourseProblemKind.Student, $"the extension names \"{student}\", who is not one of the course's students.");
            }

            if (sheet is not null && sheets.All(s => s.Id != sheet))
            {
                tables.Problem(extension, "sheet", CourseProblemKind.Student, $"the extension names sheet \"{sheet}\", which the course does not have.");
            }

            if (days is { } d && (d is < 1 or > 365 || d != Math.Floor(d)))
            {
                tables.Problem(extension, "days", CourseProblemKind.Field, $"days is {CourseTables.Format(d)}; an extension is a whole number of days from 1 to 365.");
            }
            else if (student is not null && sheet is not null && days is { } whole)
            {
                extensions.Add(new CourseExtension(student, sheet, (int)whole));
            }
        }

        var groupSize = tables.Number(table, "group-size", required: false);
        if (groupSize is { } size && (size is < 1 or > CourseGroupRules.MaxGroupSize || size != Math.Floor(size)))
        {
            tables.Problem(table, "group-size", CourseProblemKind.Field, $"group-size is {CourseTables.Format(size)}; it is a whole number of members from 1 to {CourseGroupRules.MaxGroupSize}.");
            groupSize = null;
        }

        var groups = tables.Tables(table, "group").Select(g => ReadGroup(tables, g, null)).Concat(sheetGroups).ToList();
        var listed = studentsFile is null ? students : null;
        tables.Problems.AddRange(CourseGroupRules.Groups(groups, listed, (int?)groupSize, studentKey));
        // A course handed in by groups: a listed student in none of the semester's groups hands in alone. Said, not refused.
        var grouped = groups.Where(g => g.Value.Sheet is null).SelectMany(g => g.Value.Members).Select(studentKey).ToHashSet(StringComparer.Ordinal);
        if (listed is not null && grouped.Count > 0)
        {
            var (line, column) = tables.Where(table, "students");
            tables.Warnings.AddRange(listed.Where(s => !grouped.Contains(studentKey(s))).Select(s => new CourseProblem(tables.File, line, column, CourseProblemKind.Group,
                $"\"{CourseGroupRules.Shown(s)}\" is in no group: they hand in alone, under their own name; add them to a group if they work in one.")));
        }

        var tutorials = new List<Located<CourseTutorial>>();
        foreach (var tutorialTable in tables.Tables(table, "tutorial"))
        {
            tables.Known(tutorialTable, TutorialFields, "a [[semester.tutorial]]");
            var tutorialId = tables.Text(tutorialTable, "id", required: true) ?? "";
            var (tutors, _) = tables.Names(tutorialTable, "tutors", required: false);
            var (members, parts) = tables.Names(tutorialTable, "students", required: true);
            var (line, column) = tables.At(tutorialTable);
            tutorials.Add(new Located<CourseTutorial>(new CourseTutorial(tutorialId, tutors, members), tables.File, line, column, parts));
        }

        tables.Problems.AddRange(CourseGroupRules.Tutorials(tutorials, listed, studentKey, tables.Warnings));
        var semester = new CourseSemester(students, studentsFile, admission, tables.Text(table, "gradebook", required: false), grace, penalty, extensions)
        {
            Groups = [.. groups.Select(g => g.Value)],
            GroupsFile = tables.Text(table, "groups-file", required: false),
            GroupSize = (int?)groupSize,
            Tutorials = [.. tutorials.Select(t => t.Value)],
        };
        tables.Problems.AddRange(CourseGroupRules.GroupTutorials(groups, semester, studentKey, tables.Warnings));
        return semester;
    }

    private static Located<CourseGroup> ReadGroup(CourseTables tables, TomlTable table, string? sheet)
    {
        tables.Known(table, GroupFields, sheet is null ? "a [[semester.group]]" : "a [[sheet.group]]");
        var (line, column) = tables.At(table);
        var id = table.TryGetValue("id", out var value) && value is string given ? given : tables.Text(table, "id", required: true) ?? "";
        var (members, parts) = tables.Names(table, "members", required: true);
        var tutorial = tables.Text(table, "tutorial", required: false);
        return new Located<CourseGroup>(new CourseGroup(id, members, sheet, tutorial), tables.File, line, column, parts);
    }

}
