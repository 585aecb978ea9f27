namespace Grader.Cli.Rubric;

/// <summary>The text breaks RFC 4180 at a row and column (unbalanced quotes); <see cref="RubricCsv"/> turns it into a <see cref="RubricCsvException"/>.</summary>
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
