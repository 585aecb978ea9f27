namespace Grader.Grading.Files;

/// <summary>The text breaks RFC 4180 at a row and column (unbalanced quotes), as <see cref="Csv.Read"/> finds it; each reader turns it into its own located message (the rubric CSV into a <c>RubricCsvException</c>).</summary>
internal sealed class CsvSyntaxException : Exception
{
    public CsvSyntaxException(int row, int column, string message)
        : base(message)
    {
        Row = row;
        Column = column;
    }

    public int Row { get; }

    public int Column { get; }
}
