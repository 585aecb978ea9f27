namespace Grader.Grading.Files;

/// <summary>
/// The grader's one CSV module (RFC 4180), for what it writes (gradebooks, the rubric to fill in, the semester export)
/// and what it reads (the filled rubric, the submissions CSV). Writing: fields separated by ',', records ended by CRLF,
/// a field quoted when it holds ',', '"', CR or LF (or begins or ends with white space), quotes doubled; numbers with
/// '.' whatever the current culture; a text cell guarded against spreadsheet formulas (<see cref="Text"/>). Reading
/// (<see cref="Read"/>): a record ends at CRLF, LF or CR, and the reader is strict, so every error has a row and column.
/// </summary>
public static class Csv
{
    /// <summary>One record, with its CRLF.</summary>
    public static string Record(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(",", fields.Select(Field)) + "\r\n";
    }

    /// <summary>One field, quoted (quotes doubled) when it holds ',', '"' or a line break, or white space at either end.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
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

    /// <summary>A number of points as the CSVs print it: <see cref="PointsText.Exact"/> (4 decimals; empty for null), under the name the CSV writers use.</summary>
    public static string Number(double? value) => PointsText.Exact(value);

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

    /// <summary>
    /// The records of <paramref name="text"/>, read lazily, so an error comes after the rows before it. Strict: a quote
    /// that is never closed, text after a closing quote and a '"' inside an unquoted value are errors at their row and
    /// column.
    /// </summary>
    /// <exception cref="CsvSyntaxException">Unbalanced or misplaced quotes (thrown when that row is reached).</exception>
    internal static IEnumerable<CsvRow> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = 0;
        int n = text.Length;
        int row = 1;
        var fields = new List<string>();
        var quoted = new StringBuilder();
        while (i < n)
        {
            fields.Clear();
            while (true)
            {
                int column = fields.Count + 1;
                if (i < n && text[i] == '"')
                {
                    quoted.Clear();
                    i++;
                    while (true)
                    {
                        if (i >= n)
                        {
                            throw new CsvSyntaxException(row, column, "the quote that opens this value is never closed (unbalanced quotes)");
                        }

                        if (text[i] == '"')
                        {
                            if (i + 1 < n && text[i + 1] == '"')
                            {
                                quoted.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        quoted.Append(text[i++]);
                    }

                    if (i < n && text[i] is not (',' or '\r' or '\n'))
                    {
                        throw new CsvSyntaxException(row, column, "text follows the closing quote of this value (unbalanced quotes); a '\"' inside a quoted value is written '\"\"'");
                    }

                    fields.Add(quoted.ToString());
                }
                else
                {
                    int start = i;
                    while (i < n && text[i] is not (',' or '\r' or '\n'))
                    {
                        if (text[i] == '"')
                        {
                            throw new CsvSyntaxException(row, column, "a '\"' inside a value that does not start with one (unbalanced quotes); quote the whole value and write the quote as '\"\"'");
                        }

                        i++;
                    }

                    fields.Add(text[start..i]);
                }

                if (i < n && text[i] == ',')
                {
                    i++;
                    continue;
                }

                if (i < n && text[i] == '\r')
                {
                    i++;
                }

                if (i < n && text[i] == '\n')
                {
                    i++;
                }

                break;
            }

            yield return new CsvRow(row, fields.ToArray());
            row++;
        }
    }
}
