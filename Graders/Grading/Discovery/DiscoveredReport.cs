namespace Grader.Grading.Discovery;

/// <summary>
/// The written report a hand-in carried (its <c>Report/</c> folder, or a zip's <c>Report/</c> entries), as discovery
/// found it: the files to read, and what was left out, one sentence each (a file past its limit, a symbolic link, a file
/// of another name). Nothing here ever refuses the hand-in's code.
/// </summary>
/// <param name="Files">The report's files within their limits, by name (ordinal).</param>
/// <param name="Problems">What was left out and why.</param>
public sealed record DiscoveredReport(IReadOnlyList<ReportFile> Files, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// The report in <paramref name="folder"/> (a hand-in's <c>Report/</c>, shown as <paramref name="display"/>); null
    /// when there is none. Symbolic links are never followed: a link (the folder itself, or a file in it) is a problem
    /// line, and so is a file that is not a plain file with one name (<see cref="StudentFile"/>: a FIFO, a device, a hard
    /// link), which is never opened. Sub-folders and hidden entries are left out.
    /// </summary>
    public static DiscoveredReport? FromFolder(string folder, string display, DiscoveryLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null)
        {
            return new DiscoveredReport([], [$"'{Shown(display)}' is a symbolic link; links are not followed, so the report was not read."]);
        }

        if (!info.Exists)
        {
            return null;
        }

        var files = new List<ReportFile>();
        var problems = new List<string>();
        try
        {
            foreach (var entry in info.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
                .OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var shown = $"'{Shown(display + entry.Name)}'";
                if (RawHandin.IsHidden(entry.Name))
                {
                    continue;
                }

                if (entry.LinkTarget is not null)
                {
                    problems.Add($"{shown} is a symbolic link (to '{Shown(entry.LinkTarget)}'); links are not followed, so it was not read.");
                }
                else if (entry is FileInfo special && StudentFile.Refusal(special.FullName) is { } refused)
                {
                    problems.Add($"{shown} is {refused}; it was not read.");
                }
                else if (entry is FileInfo file)
                {
                    Add(entry.Name, shown, file.Length, name => new ReportFile(name, file.Length, file.FullName), limits, files, problems);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"'{Shown(display)}' could not be read ({e.Message.TrimEnd('.')}).");
        }

        return new DiscoveredReport(files.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray(), problems);
    }

    /// <summary>A student's text as messages show it: control and format characters written as code points.</summary>
    internal static string Shown(string text) => StudentName.Escape(text, keepPathSeparators: true);

    /// <summary>
    /// Adds one entry of <c>Report/</c> named <paramref name="name"/> (<paramref name="display"/> as messages show it):
    /// to <paramref name="files"/> when it is a report file within its limit, else a sentence to <paramref name="problems"/>.
    /// </summary>
    internal static void Add(string name, string display, long size, Func<string, ReportFile> file, DiscoveryLimits limits, List<ReportFile> files, List<string> problems)
    {
        var known = ReportLayout.Files.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            problems.Add($"{display} was not read: a report is {string.Join(", ", ReportLayout.Files)} (figures go into the PDF).");
        }
        else if (files.Any(f => f.Name == known))
        {
            problems.Add($"{display} was not read: the report holds two files named {known}.");
        }
        else if (size > limits.MaxReportFileBytes(known))
        {
            problems.Add($"{display} is {ByteSize.Format(size)}; a {known} may be at most {ByteSize.Format(limits.MaxReportFileBytes(known))}, so it was not read.");
        }
        else
        {
            files.Add(file(known));
        }
    }
}
