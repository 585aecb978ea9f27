namespace Grader.Grading.Reporters;

/// <summary>
/// The two gradebook CSVs of a run, both from one <see cref="GradebookTable"/> and RFC 4180 (<see cref="Csv"/>), with
/// '.' decimals under any culture:
/// <list type="bullet">
/// <item><c>gradebook.csv</c>, for the tutor: <c>student</c>, (in a course with groups or tutorials) <c>group</c> and
/// <c>tutorial</c>, <c>status</c>, then per task <c>&lt;task id&gt; auto</c>,
/// <c>&lt;task id&gt; manual</c>, <c>&lt;task id&gt; total</c>, then <c>auto total</c>, <c>manual total</c>, <c>total</c>,
/// <c>late</c> (the points the late policy took, negative; empty when none), <c>max</c>, <c>note</c>; <c>total</c> is the
/// report's <see cref="HandinReport.Total"/>, the grade every output prints. An empty cell means nothing is scored yet (a pending manual item, a task without checks), never
/// 0. A refused hand-in has status <c>refused</c>, 0 automatic points and the refusal in <c>note</c>.</item>
/// <item><c>gradebook-lms.csv</c>, for Moodle's and Canvas's grade import: <c>Student</c>, <c>ID</c>,
/// <c>SIS User ID</c>, <c>SIS Login ID</c>, <c>Section</c> (Canvas's identifying columns; the student, as the hand-in is
/// named, goes in <c>Student</c> and <c>SIS Login ID</c>, the others stay empty), then one column per sheet,
/// "Sheet 004 (points)", holding automatic plus manual points, bonus included, after the late policy. A sheet's cell stays empty while any of
/// its manual items is pending for the student, so no partial grade is imported. When the run refused a hand-in, a last
/// column, <c>Grader note</c>, says so on its row, whose sheet cell is 0 (not empty): an import gives the student 0
/// instead of skipping them (see the Reporters README).</item>
/// </list>
/// </summary>
public sealed class GradebookCsvReporter : IReporter
{
    /// <summary>The reporter.</summary>
    public static readonly GradebookCsvReporter Default = new();

    public string Name => $"{FileName}, {LmsFileName}";

    /// <summary>Writes both files into <paramref name="folder"/> from one <see cref="GradebookTable"/>.</summary>
    public void Write(GradingSummary summary, string folder)
    {
        var table = GradebookTable.From(summary);
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), Render(table));
        AtomicFile.WriteAllText(Path.Combine(folder, LmsFileName), RenderLms(table));
    }

    /// <summary>The tutor's gradebook file.</summary>
    public const string FileName = "gradebook.csv";

    /// <summary>The LMS import file.</summary>
    public const string LmsFileName = "gradebook-lms.csv";

    /// <summary>The header of <c>gradebook.csv</c>.</summary>
    public static IReadOnlyList<string> Header(GradebookTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ["student", .. HasGroups(table) ? ["group"] : Array.Empty<string>(), .. HasTutorials(table) ? ["tutorial"] : Array.Empty<string>(), "status",
            .. table.Tasks.SelectMany(t => new[] { $"{t.Id} auto", $"{t.Id} manual", $"{t.Id} total" }), "auto total", "manual total", "late", "total", "max", "note"];
    }

    // A course with groups or tutorials gets their columns; one without has the same file as before, byte for byte.
    private static bool HasGroups(GradebookTable table) => table.Roster is { Groups.Count: > 0 };

    private static bool HasTutorials(GradebookTable table) => table.Roster is { Tutorials.Count: > 0 };

    /// <summary>The text of <c>gradebook.csv</c>.</summary>
    public static string Render(GradebookTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var records = new List<IEnumerable<string>> { Header(table) };
        foreach (var row in table.Rows)
        {
            records.Add([
                Csv.Text(row.Student),
                .. HasGroups(table) ? [Csv.Text(table.Roster!.GroupOf(row.Student)?.Id ?? "")] : Array.Empty<string>(),
                .. HasTutorials(table) ? [Csv.Text(table.Roster!.TutorialOf(row.Student))] : Array.Empty<string>(),
                HandinStatusText.Token(row.Status),
                .. table.Tasks.Select(t => row.Find(t.Id)).SelectMany(t => new[] { Csv.Number(t?.Auto), Csv.Number(t?.Manual), Csv.Number(t?.Total) }),
                Csv.Number(row.AutoTotal),
                Csv.Number(row.ManualTotal),
                Csv.Number(row.LatePenalty > 0 ? -row.LatePenalty : null),
                Csv.Number(row.Total),
                Csv.Number(row.Max),
                Csv.Text(row.Note),
            ]);
        }

        return Csv.Table(records);
    }

    /// <summary>The LMS column of a sheet: "Sheet 004 (points)".</summary>
    public static string SheetColumn(string sheetId) => $"Sheet {sheetId} (points)";

    /// <summary>The LMS file's last column, present when the run refused a hand-in: "refused: &lt;why&gt;" on that row.</summary>
    public const string LmsNoteColumn = "Grader note";

    /// <summary>The header of <c>gradebook-lms.csv</c>.</summary>
    public static IReadOnlyList<string> LmsHeader(GradebookTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return LmsHeader(table.Sheets, HasRefused(table));
    }

    private static IReadOnlyList<string> LmsHeader(IReadOnlyList<string> sheets, bool withNote) =>
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", .. sheets.Select(SheetColumn), .. withNote ? [LmsNoteColumn] : Array.Empty<string>()];

    private static bool HasRefused(GradebookTable table) => table.Rows.Any(r => r.Status == HandinStatus.Refused);

    /// <summary>The text of <c>gradebook-lms.csv</c>.</summary>
    public static string RenderLms(GradebookTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return RenderLms(table.Sheets, table.Rows.Select(row => new LmsRow(row.Student, row.SheetPoints, row.Status == HandinStatus.Refused ? "refused: " + row.Note : null)
        {
            Section = table.Roster?.TutorialOf(row.Student) ?? "",
        }));
    }

    /// <summary>
    /// The LMS file over any rows, the run's (<see cref="RenderLms(GradebookTable)"/>) and the semester's
    /// (<c>grader semester export</c>): Canvas's identifying columns, one column per sheet (an empty cell for a null),
    /// and the note column when a row has a note.
    /// </summary>
    public static string RenderLms(IReadOnlyList<string> sheets, IEnumerable<LmsRow> rows)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(rows);
        var all = rows.ToArray();
        bool withNote = all.Any(r => r.Note is not null);
        var records = new List<IEnumerable<string>> { LmsHeader(sheets, withNote) };
        foreach (var row in all)
        {
            var student = Csv.Text(row.Student);
            records.Add([student, "", "", student, Csv.Text(row.Section), .. sheets.Select(s => Csv.Number(row.Points(s))), .. withNote ? [Csv.Text(row.Note ?? "")] : Array.Empty<string>()]);
        }

        return Csv.Table(records);
    }
}
