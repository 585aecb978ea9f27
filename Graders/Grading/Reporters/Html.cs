namespace Grader.Grading.Reporters;

/// <summary>HTML text escaping for everything that comes from a hand-in or a check.</summary>
public static class Html
{
    /// <summary>
    /// Escapes '&amp;', '&lt;', '&gt;', '"' and '\'' (safe in text and in quoted attributes) and drops control characters
    /// other than tab, CR and LF, and unpaired surrogates.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var result = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '"': result.Append("&quot;"); break;
                case '\'': result.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        result.Append(c).Append(text[++i]);
                    }
                    else if (!char.IsSurrogate(c) && (!char.IsControl(c) || c is '\t' or '\n' or '\r') && c is not ('\uFFFE' or '\uFFFF'))
                    {
                        result.Append(c);
                    }

                    break;
            }
        }

        return result.ToString();
    }
}
