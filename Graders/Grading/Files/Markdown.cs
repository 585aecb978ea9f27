namespace Grader.Grading.Files;

/// <summary>
/// Markdown for text that comes from a hand-in or a check (messages, names, paths): inline text with the characters
/// that Markdown or HTML would read escaped, and code fences that no content can close.
/// </summary>
public static class Markdown
{
    /// <summary>
    /// Inline text: backslash-escapes the Markdown punctuation that could start emphasis, code, links or table cells,
    /// writes '&lt;', '&gt;' and '&amp;' as entities (no raw HTML), and joins lines with a space.
    /// </summary>
    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var result = new StringBuilder(text.Length + 8);
        foreach (char c in Clean(text).ReplaceLineEndings(" "))
        {
            switch (c)
            {
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '&': result.Append("&amp;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~':
                    result.Append('\\').Append(c);
                    break;
                default: result.Append(c); break;
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// A fenced code block holding <paramref name="text"/> verbatim (nothing in it is read as Markdown): the fence is
    /// longer than the longest run of backticks in the text. Ends with a newline.
    /// </summary>
    public static string Fence(string text, string info = "text")
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = Clean(text).ReplaceLineEndings("\n").TrimEnd('\n');
        int longest = 0, run = 0;
        foreach (char c in body)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        return $"{fence}{info}\n{body}\n{fence}\n";
    }

    /// <summary>Drops control characters other than tab, CR and LF (they have no business in a report).</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsDropped))
        {
            return text;
        }

        return new string(text.Where(c => !IsDropped(c)).ToArray());
    }

    private static bool IsDropped(char c) => (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF';
}
