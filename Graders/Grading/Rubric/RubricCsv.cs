using System.Buffers;
using System.Text.Unicode;
using Grader.Grading.Discovery;

namespace Grader.Grading.Rubric;

/// <summary>
/// The CSV of manual items a tutor fills in: one row per student and manual item, with the columns
/// <c>student,task,item,max_points,points,comment,rubric</c>. <see cref="Export"/> writes it with <c>points</c> and
/// <c>comment</c> empty; <see cref="Read"/> takes the filled file back as <see cref="ManualGrades"/>. The format is
/// RFC 4180 (',' separated, '"' quoted, CRLF), UTF-8, with '.' as the decimal separator. An empty <c>points</c> cell
/// means the item is still pending (not zero). The <c>rubric</c> column is for the tutor and is not read back.
/// </summary>
public static class RubricCsv
{
    /// <summary>The columns, in the order <see cref="Export"/> writes them (<see cref="Read"/> accepts any order).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["student", "task", "item", "max_points", "points", "comment", "rubric"];

    private const int Student = 0;
    private const int Task = 1;
    private const int Item = 2;
    private const int MaxPoints = 3;
    private const int Points = 4;
    private const int Comment = 5;
    private const double Tolerance = 1e-9;

    private static readonly string HeaderText = string.Join(',', Columns);

    /// <summary>
    /// The CSV for <paramref name="students"/> (in the order given) × every manual item of the selected sheets (in
    /// catalog order), <c>points</c> and <c>comment</c> empty.
    /// </summary>
    /// <param name="catalog">The course catalog: tasks, manual items, their points and rubrics.</param>
    /// <param name="students">The students, e.g. from <see cref="HandinDiscovery"/>.</param>
    /// <param name="sheets">Sheet ids ("000" … "004"); null or empty for every sheet.</param>
    /// <exception cref="RubricCsvException">An unknown sheet, an unsafe or repeated student name.</exception>
    public static string Export(CourseCatalog catalog, IReadOnlyList<string> students, IReadOnlyList<string>? sheets)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(students);
        var selected = SelectSheets(catalog, sheets);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var student in students)
        {
            if (StudentName.Problem(student) is { } reason)
            {
                throw new RubricCsvException($"The student name '{StudentName.Escape(student, keepPathSeparators: true)}' {reason}.");
            }

            if (!seen.Add(student))
            {
                throw new RubricCsvException($"The student '{student}' is named twice.");
            }
        }

        var items = catalog.Tasks
            .Where(t => selected.Contains(t.Sheet, StringComparer.Ordinal))
            .SelectMany(t => t.Manual.Select(m => (Task: t, Item: m)))
            .ToArray();

        var csv = new StringBuilder();
        csv.Append(Csv.Record(Columns));
        foreach (var student in students)
        {
            foreach (var (task, item) in items)
            {
                csv.Append(Csv.Record([student, task.Id, item.Id, Number(item.Points), "", "", item.Rubric ?? ""]));
            }
        }

        return csv.ToString();
    }

    /// <summary>
    /// The sheet ids to export, validated and in catalog order: every sheet for null or empty. Duplicates are ignored.
    /// </summary>
    /// <exception cref="RubricCsvException">A sheet the catalog does not have.</exception>
    public static IReadOnlyList<string> SelectSheets(CourseCatalog catalog, IReadOnlyList<string>? sheets)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (sheets is null || sheets.Count == 0)
        {
            return catalog.Sheets.Select(s => s.Id).ToArray();
        }

        foreach (var sheet in sheets)
        {
            if (catalog.FindSheet(sheet) is null)
            {
                throw new RubricCsvException(
                    $"Unknown sheet '{sheet}'; the sheets are {string.Join(", ", catalog.Sheets.Select(s => s.Id))}.");
            }
        }

        return catalog.Sheets.Select(s => s.Id).Where(id => sheets.Contains(id, StringComparer.Ordinal)).ToArray();
    }

    /// <summary>The filled rubric CSV at <paramref name="path"/> as manual scores.</summary>
    /// <exception cref="RubricCsvException">The file is missing, unreadable, not UTF-8, or malformed (the message names row and column).</exception>
    public static ManualGrades Read(string path, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new RubricCsvException("No rubric CSV was given.");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new RubricCsvException($"'{full}' is a folder; the rubric is a .csv file.");
        }

        if (!File.Exists(full))
        {
            throw new RubricCsvException($"The rubric CSV '{full}' does not exist.");
        }

        byte[] bytes;
        try
        {
            bytes = TutorInput.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RubricCsvException($"The rubric CSV '{full}' can't be read: {e.Message}", e);
        }

        var name = Path.GetFileName(full);
        return Parse(Decode(bytes, name), catalog, name);
    }

    /// <summary>The text of a filled rubric CSV as manual scores.</summary>
    /// <param name="text">The CSV.</param>
    /// <param name="catalog">The catalog its task ids, item ids and max points must match.</param>
    /// <param name="source">How messages name the CSV (its file name).</param>
    /// <exception cref="RubricCsvException">The CSV is malformed; the message names row and column.</exception>
    public static ManualGrades Parse(string text, CourseCatalog catalog, string source = "The rubric CSV")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(catalog);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        try
        {
            return ParseRows(Csv.Read(text), catalog, source);
        }
        catch (CsvSyntaxException e)
        {
            throw Error(source, e.Row, e.Column, null, e.Message);
        }
    }

    private static ManualGrades ParseRows(IEnumerable<CsvRow> rows, CourseCatalog catalog, string source)
    {
        using var records = rows.GetEnumerator();
        if (!records.MoveNext() || records.Current.IsBlank)
        {
            throw new RubricCsvException(
                $"{source}, row 1: the header is missing; the first row must be {HeaderText}.", 1, null, null);
        }

        var header = records.Current.Fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToArray();
        var at = MapHeader(header, source);

        var scores = new List<ManualScore>();
        var keys = new Dictionary<(string, string, string), int>();
        while (records.MoveNext())
        {
            var row = records.Current;
            if (row.IsBlank)
            {
                continue;
            }

            var fields = row.Fields;
            if (fields.Count < header.Length)
            {
                throw Error(source, row.Row, fields.Count + 1, header[fields.Count],
                    string.Create(CultureInfo.InvariantCulture, $"the row ends after {fields.Count} {(fields.Count == 1 ? "value" : "values")}, but the header has {header.Length} columns"));
            }

            if (fields.Count > header.Length)
            {
                throw Error(source, row.Row, header.Length + 1, null,
                    string.Create(CultureInfo.InvariantCulture, $"the row has {fields.Count} values, but the header has {header.Length} columns; a ',' inside a value must be quoted, and points use '.' as the decimal separator (2.5, not 2,5)"));
            }

            string Cell(int column) => fields[at[column]].Trim();
            RubricCsvException Bad(int column, string what) => Error(source, row.Row, at[column] + 1, Columns[column], what);

            var student = Cell(Student);
            if (StudentName.Problem(student) is { } reason)
            {
                throw Bad(Student, $"the student name '{Shown(student)}' {reason}");
            }

            var taskId = Cell(Task);
            var task = catalog.FindTask(taskId)
                ?? throw Bad(Task, taskId.Length == 0
                    ? "the task is empty"
                    : $"unknown task '{Shown(taskId)}'; keep the task ids that 'grader rubric export' wrote");

            var itemId = Cell(Item);
            var item = task.Manual.FirstOrDefault(m => string.Equals(m.Id, itemId, StringComparison.Ordinal))
                ?? throw Bad(Item, task.Manual.Count == 0
                    ? $"the task '{task.Id}' has no manual items"
                    : $"the task '{task.Id}' has no manual item '{Shown(itemId)}' (its items: {string.Join(", ", task.Manual.Select(m => m.Id))})");

            var maxPoints = ParseNumber(Cell(MaxPoints), what => Bad(MaxPoints, what));
            if (Math.Abs(maxPoints - item.Points) > Tolerance)
            {
                throw Bad(MaxPoints, $"max_points is {Number(maxPoints)}, but the catalog gives the item '{item.Id}' of '{task.Id}' {Number(item.Points)} points; export the rubric again");
            }

            if (keys.TryGetValue((student, task.Id, item.Id), out var earlier))
            {
                throw Bad(Item, string.Create(CultureInfo.InvariantCulture,
                    $"the student '{student}', task '{task.Id}' and item '{item.Id}' are already on row {earlier}; keep one row per student and item"));
            }

            keys.Add((student, task.Id, item.Id), row.Row);

            var pointsText = Cell(Points);
            if (pointsText.Length == 0)
            {
                continue; // pending: not graded yet
            }

            var points = ParseNumber(pointsText, what => Bad(Points, what));
            if (points < 0)
            {
                throw Bad(Points, $"{pointsText} points is below 0");
            }

            if (points > item.Points + Tolerance)
            {
                throw Bad(Points, $"{pointsText} points is more than the item's {Number(item.Points)}");
            }

            scores.Add(new ManualScore(student, task.Id, item.Id, points, Cell(Comment)));
        }

        return new ManualGrades(scores);
    }

    /// <summary>Where each of <see cref="Columns"/> is in the file's header.</summary>
    private static int[] MapHeader(string[] header, string source)
    {
        RubricCsvException Bad(int column, string what) =>
            Error(source, 1, column, null, $"{what}; the header must be {HeaderText}");

        if (header.Length == 1 && header[0].AsSpan().IndexOfAny(";\t") >= 0)
        {
            throw Bad(1, $"the values are separated by '{(header[0].Contains(';', StringComparison.Ordinal) ? ";" : "\\t")}', not ','; save the file as CSV with ',' as the separator");
        }

        var at = new int[Columns.Count];
        Array.Fill(at, -1);
        var unknown = new List<int>();
        for (int i = 0; i < header.Length; i++)
        {
            int known = IndexOf(header[i]);
            if (known < 0)
            {
                unknown.Add(i);
            }
            else if (at[known] >= 0)
            {
                throw Bad(i + 1, string.Create(CultureInfo.InvariantCulture, $"the column '{Columns[known]}' appears twice (also column {at[known] + 1})"));
            }
            else
            {
                at[known] = i;
            }
        }

        var missing = Enumerable.Range(0, Columns.Count).Where(c => at[c] < 0).Select(c => Columns[c]).ToArray();
        if (unknown.Count > 0)
        {
            int column = unknown[0];
            var what = missing.Length > 0
                ? $"unknown column '{Shown(header[column])}', and the column '{missing[0]}' is missing (was it renamed?)"
                : $"the extra column '{Shown(header[column])}' is not part of the rubric";
            throw Error(source, 1, column + 1, header[column], $"{what}; the header must be {HeaderText}");
        }

        if (missing.Length > 0)
        {
            int expected = IndexOf(missing[0]);
            throw Error(source, 1, expected + 1, missing[0], $"the column '{missing[0]}' is missing; the header must be {HeaderText}");
        }

        return at;
    }

    private static int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static double ParseNumber(string text, Func<string, RubricCsvException> bad)
    {
        const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (text.Length == 0)
        {
            throw bad("the value is empty; it must be a number");
        }

        if (double.TryParse(text, Style, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        if (text.Contains(',', StringComparison.Ordinal)
            && double.TryParse(text.Replace(',', '.'), Style, CultureInfo.InvariantCulture, out var dotted))
        {
            throw bad($"'{Shown(text)}' uses ',' as the decimal separator; write {Number(dotted)} with '.'");
        }

        throw bad($"'{Shown(text)}' is not a number");
    }

    /// <summary>
    /// A value of the file as a message quotes it: escaped (<see cref="StudentName.Escape"/>: no NUL or other control
    /// character reaches the terminal), its first 60 characters and its length when it is longer (a 1 MiB cell is no message).
    /// </summary>
    private static string Shown(string value) => value.Length <= 60
        ? StudentName.Escape(value, keepPathSeparators: true)
        : string.Create(CultureInfo.InvariantCulture, $"{StudentName.Escape(value[..60], keepPathSeparators: true)}… ({value.Length} characters)");

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static RubricCsvException Error(string source, int row, int column, string? name, string what)
    {
        var position = name is null
            ? string.Create(CultureInfo.InvariantCulture, $"row {row}, column {column}")
            : string.Create(CultureInfo.InvariantCulture, $"row {row}, column {column} ({(name.Length == 0 ? "unnamed" : Shown(name))})");
        return new RubricCsvException($"{source}, {position}: {what}.", row, column, name);
    }

    private static string Decode(byte[] bytes, string source)
    {
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            try
            {
                return new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }
            catch (DecoderFallbackException e)
            {
                throw new RubricCsvException($"{source} is not valid UTF-16 text; save it as \"CSV UTF-8\" and try again.", e);
            }
        }

        int skip = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        var utf8 = bytes.AsSpan(skip);
        var chars = new char[utf8.Length];
        var status = Utf8.ToUtf16(utf8, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            return new string(chars, 0, written);
        }

        int line = 1 + utf8[..read].Count((byte)'\n');
        throw new RubricCsvException(string.Create(CultureInfo.InvariantCulture,
            $"{source} is not UTF-8 text (line {line} holds the byte 0x{utf8[read]:X2}, which is not UTF-8); save it as \"CSV UTF-8\" and try again."));
    }
}
