namespace Grader.Grading.Rubric;

/// <summary>
/// A rubric CSV that can't be written or read as given. For a malformed CSV the message names the row (1-based, the
/// header is row 1) and the column (1-based number and name) and says what to change; callers show it and exit with
/// a usage error, never a stack trace.
/// </summary>
public sealed class RubricCsvException : Exception
{
    public RubricCsvException(string message, int? row = null, int? column = null, string? columnName = null)
        : base(message)
    {
        Row = row;
        Column = column;
        ColumnName = columnName;
    }

    public RubricCsvException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The row of the CSV (the header is row 1; a quoted value across several lines is one row), when the problem has one.</summary>
    public int? Row { get; }

    /// <summary>The 1-based column, when the problem has one.</summary>
    public int? Column { get; }

    /// <summary>The column's name in the header ("points"), when it has one.</summary>
    public string? ColumnName { get; }
}
