namespace Grader.Grading.Files;

/// <summary>One record of a CSV file.</summary>
/// <param name="Row">Its 1-based number among the records (the header is row 1).</param>
/// <param name="Fields">Its values, unquoted.</param>
internal sealed record CsvRow(int Row, IReadOnlyList<string> Fields)
{
    /// <summary>True for a row without any value (a blank line, or a spreadsheet's row of empty cells).</summary>
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}
