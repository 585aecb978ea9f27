namespace Grader.Cli.Reporters;

/// <summary>
/// RFC 4180 CSV text: fields separated by ',', records ended by CRLF, a field quoted when it holds ',', '"', CR or LF
/// (or begins or ends with a space), quotes doubled. Numbers are written with '.' whatever the current culture.
/// </summary>
public static class Csv
{
    /// <summary>One record, with its CRLF.</summary>
    public static string Record(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(",", fields.Select(Field)) + "\r\n";
    }

    /// <summary>One field, quoted when RFC 4180 requires it.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '));
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>
    /// A text field from a hand-in or a folder name. A leading '=', '+', '-', '@', tab or CR would make a spreadsheet read
    /// the cell as a formula (CSV injection); such a value gets a leading apostrophe, which spreadsheets hide.
    /// </summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    /// <summary>A number of points: shortest round-trip text, rounded to 4 decimals, with '.'; empty for null.</summary>
    public static string Number(double? value) =>
        value is { } v ? Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture) : "";

    /// <summary>Several records as one text.</summary>
    public static string Table(IEnumerable<IEnumerable<string>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(Record(record));
        }

        return text.ToString();
    }
}
