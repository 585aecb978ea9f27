namespace Grader.Grading.Tests.Support;

/// <summary>
/// The grader's CSVs (gradebook.csv, gradebook-lms.csv) read back for the tests: the records as the grader's own strict
/// reader reads them, a student's row by header, and a file's rows by header.
/// </summary>
internal static class GradebookCsv
{
    /// <summary>The records of a CSV text, as the grader's reader (<see cref="Csv.Read"/>, strict about quotes) reads them.</summary>
    public static List<string[]> Parse(string text) => Csv.Read(text).Select(r => r.Fields.ToArray()).ToList();

    /// <summary>The row of <paramref name="student"/> (its first cell) by the header's names.</summary>
    public static Dictionary<string, string> Cells(List<string[]> rows, string student)
    {
        var row = rows.Single(r => r[0] == student);
        return rows[0].Zip(row).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>Every row of the CSV file <paramref name="csv"/> by the header's names (no quoted commas in these tests' values).</summary>
    public static List<Dictionary<string, string>> Rows(string csv)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }
}
