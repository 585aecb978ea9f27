namespace Grader.Cli.Discovery;

/// <summary>
/// Whether a student's name (a hand-in's folder or zip name, or a name given on the command line) is safe as the name
/// of an output folder and of a gradebook's login cell: not empty after trimming, no path separator, no control
/// character, no leading '.', no leading '=', '+', '-' or '@' (a spreadsheet reads such a cell as a formula, and a
/// defused cell would no longer match the LMS's user name), at most <see cref="MaxBytes"/> bytes of UTF-8. Every other
/// character, any Unicode letter included, is kept as it is.
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

        foreach (var c in name)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return string.Create(CultureInfo.InvariantCulture, $"contains the control character U+{(int)c:X4}");
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

    /// <summary>The key under which two names count as the same student: names that differ only in case share it.</summary>
    public static string Key(string name) => name.ToUpperInvariant();
}
