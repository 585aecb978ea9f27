namespace Grader.Cli.Rubric;

/// <summary>
/// A small RFC 4180 reader and writer: ',' separates values, a record ends at CRLF, LF or CR, a value that holds ',',
/// '"' or a line break is quoted and its quotes are doubled. The reader is strict, so every error has a row and column:
/// a quote that is never closed, text after a closing quote, a '"' inside an unquoted value.
/// </summary>
internal static class Rfc4180
{
    /// <summary>The records of <paramref name="text"/>, read lazily, so an error comes after the rows before it.</summary>
    /// <exception cref="CsvSyntaxException">Unbalanced or misplaced quotes (thrown when that row is reached).</exception>
    public static IEnumerable<CsvRow> Read(string text)
    {
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

    /// <summary>Appends one record (values joined by ',', quoted where needed) and CRLF.</summary>
    public static void WriteRow(StringBuilder csv, IEnumerable<string> values)
    {
        bool first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                csv.Append(',');
            }

            first = false;
            csv.Append(Quote(value));
        }

        csv.Append("\r\n");
    }

    /// <summary>The value as RFC 4180 writes it: quoted (quotes doubled) when it holds ',', '"', a line break, or spaces at either end.</summary>
    public static string Quote(string value)
    {
        bool needs = value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
        return needs ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
