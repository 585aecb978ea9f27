namespace Grader.Cli.Semester;

/// <summary>
/// The late policy's verdict in a student's feedback (<c>feedback.md</c> and <c>feedback.html</c> of the run's student
/// folder): when it was submitted, the deadline with any extension, grace days used, and the sheet's points before and
/// after. Written between markers, so recording the run again replaces the note instead of adding a second one.
/// </summary>
public static class LateNote
{
    private const string Begin = "<!-- semester: late policy -->";
    private const string End = "<!-- /semester: late policy -->";

    /// <summary>The sentence: "Late policy: 2 days late, … Sheet 001: 3 points before, 1.5 after."</summary>
    public static string Sentence(SheetTotal total, double penaltyPerDay)
    {
        ArgumentNullException.ThrowIfNull(total);
        return string.Create(CultureInfo.InvariantCulture,
            $"Late policy: {total.Late.Describe(penaltyPerDay)}. Sheet {total.Sheet}: {Csv.Number(total.Before)} points before the late policy, {Csv.Number(total.After)} after.");
    }

    /// <summary>Writes (or replaces) the note in the student's feedback files under <paramref name="runFolder"/>; files that are missing are left so.</summary>
    public static void Write(string runFolder, string student, string sentence)
    {
        var folder = ResultStore.StudentFolderIn(runFolder, student);
        var markdown = Path.Combine(folder, "feedback.md");
        if (File.Exists(markdown))
        {
            AtomicFile.WriteAllText(markdown, Replace(File.ReadAllText(markdown), $"{Begin}\n\n**{sentence}**\n\n{End}\n", append: true));
        }

        var html = Path.Combine(folder, "feedback.html");
        if (File.Exists(html))
        {
            var block = $"{Begin}\n<section id=\"late\"><h2>Late policy</h2><p>{Html.Escape(sentence)}</p></section>\n{End}\n";
            AtomicFile.WriteAllText(html, Replace(File.ReadAllText(html), block, append: false));
        }
    }

    private static string Replace(string text, string block, bool append)
    {
        int begin = text.IndexOf(Begin, StringComparison.Ordinal);
        int end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            int after = end + End.Length + (end + End.Length < text.Length && text[end + End.Length] == '\n' ? 1 : 0);
            return text[..begin] + block + text[after..];
        }

        if (append)
        {
            return text.TrimEnd('\n') + "\n\n" + block;
        }

        int footer = text.LastIndexOf("<footer>", StringComparison.Ordinal);
        int at = footer >= 0 ? footer : Math.Max(0, text.LastIndexOf("</body>", StringComparison.Ordinal));
        return text[..at] + block + text[at..];
    }
}
