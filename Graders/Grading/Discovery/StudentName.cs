namespace Grader.Grading.Discovery;

/// <summary>
/// Whether a student's name (a hand-in's folder or zip name, or a name given on the command line) is safe as the name
/// of an output folder and of a gradebook's login cell: not empty after trimming, no path separator, no control
/// character and no format character (a bidirectional override such as U+202E or a zero-width character such as U+200B
/// makes a name display like another's, issue 44), no leading '.', no leading '=', '+', '-' or '@' (a spreadsheet reads such a cell as a formula, and a
/// defused cell would no longer match the LMS's user name), at most <see cref="MaxBytes"/> bytes of UTF-8. Every other
/// character, any Unicode letter included, is kept as it is; a name is compared in Unicode's composed form (NFC,
/// <see cref="Normal"/>), so "é" typed as e + U+0301 is the same student as "é".
/// </summary>
public static class StudentName
{
    /// <summary>The longest name, in UTF-8 bytes (file systems allow 255 per folder name; reporters add suffixes).</summary>
    public const int MaxBytes = 200;

    /// <summary>Why <paramref name="name"/> can't be a student's name (a phrase such as "contains a path separator"), or null when it can.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "is empty";
        }

        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            return "contains a path separator ('/' or '\\')";
        }

        for (int i = 0, used; i < name.Length; i += used)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out used) != System.Buffers.OperationStatus.Done)
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains the lone surrogate U+{(int)name[i]:X4}");
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return $"contains the control character {CodePoint(rune)}";
            }

            if (category is UnicodeCategory.Format)
            {
                return $"contains the format character {CodePoint(rune)} (it changes how the name displays, so it could pass for another student's)";
            }
        }

        if (name.StartsWith('.'))
        {
            return "starts with '.' (a hidden name)";
        }

        if (name[0] is '=' or '+' or '-' or '@')
        {
            return $"starts with '{name[0]}' (a spreadsheet would read it as a formula in the gradebook; rename the hand-in to the student's LMS user name)";
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxBytes} bytes");
        }

        return null;
    }

    /// <summary>The key under which two names count as the same student: names that differ only in case or in Unicode composition share it.</summary>
    public static string Key(string name) => UnicodeNormalForm.Decompose(name).ToUpperInvariant();

    /// <summary>The name in Unicode's composed form (NFC, <see cref="UnicodeNormalForm"/>).</summary>
    public static string Normal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return UnicodeNormalForm.Compose(name);
    }

    /// <summary>
    /// <paramref name="text"/> with every control, format, line-separator and lone surrogate character (and, unless
    /// <paramref name="keepPathSeparators"/>, every path separator) written as <c>[U+XXXX]</c>: what a file shows of an
    /// unsafe name, never the name itself. Escaping twice changes nothing.
    /// </summary>
    public static string Escape(string text, bool keepPathSeparators = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out int used) != System.Buffers.OperationStatus.Done)
            {
                escaped.Append(CultureInfo.InvariantCulture, $"[U+{(int)text[i]:X4}]");
                i++;
                continue;
            }

            if ((rune.Value is '/' or '\\' && !keepPathSeparators) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                escaped.Append(CultureInfo.InvariantCulture, $"[U+{rune.Value:X4}]");
            }
            else
            {
                escaped.Append(text, i, used);
            }

            i += used;
        }

        return escaped.ToString();
    }

    /// <summary>"U+202E RIGHT-TO-LEFT OVERRIDE": the code point and, for the characters that make names lie, its Unicode name.</summary>
    public static string CodePoint(Rune c) =>
        string.Create(CultureInfo.InvariantCulture, $"U+{c.Value:X4}") + (c.IsBmp && FormatNames.TryGetValue((char)c.Value, out var name) ? " " + name : "");

    private static readonly Dictionary<char, string> FormatNames = new()
    {
        ['\u00AD'] = "SOFT HYPHEN",
        ['\u061C'] = "ARABIC LETTER MARK",
        ['\u180E'] = "MONGOLIAN VOWEL SEPARATOR",
        ['\u200B'] = "ZERO WIDTH SPACE",
        ['\u200C'] = "ZERO WIDTH NON-JOINER",
        ['\u200D'] = "ZERO WIDTH JOINER",
        ['\u200E'] = "LEFT-TO-RIGHT MARK",
        ['\u200F'] = "RIGHT-TO-LEFT MARK",
        ['\u202A'] = "LEFT-TO-RIGHT EMBEDDING",
        ['\u202B'] = "RIGHT-TO-LEFT EMBEDDING",
        ['\u202C'] = "POP DIRECTIONAL FORMATTING",
        ['\u202D'] = "LEFT-TO-RIGHT OVERRIDE",
        ['\u202E'] = "RIGHT-TO-LEFT OVERRIDE",
        ['\u2060'] = "WORD JOINER",
        ['\u2061'] = "FUNCTION APPLICATION",
        ['\u2062'] = "INVISIBLE TIMES",
        ['\u2063'] = "INVISIBLE SEPARATOR",
        ['\u2064'] = "INVISIBLE PLUS",
        ['\u2066'] = "LEFT-TO-RIGHT ISOLATE",
        ['\u2067'] = "RIGHT-TO-LEFT ISOLATE",
        ['\u2068'] = "FIRST STRONG ISOLATE",
        ['\u2069'] = "POP DIRECTIONAL ISOLATE",
        ['\uFEFF'] = "ZERO WIDTH NO-BREAK SPACE",
    };
}
