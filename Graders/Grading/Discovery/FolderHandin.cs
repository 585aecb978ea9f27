namespace Grader.Grading.Discovery;

/// <summary>
/// A hand-in that is a folder: its <c>.cs</c> files, recursively, without hidden folders, <c>bin/</c> and <c>obj/</c>
/// (as <see cref="HandinSource.FromFolder"/>), but read under <see cref="DiscoveryLimits"/>. Symbolic links are never
/// followed: one that points out of the hand-in refuses it, one inside it is left out (its target is read where it is).
/// A <c>.cs</c> file that is not a plain file with one name (a FIFO, a device, a hard link: <see cref="StudentFile"/>)
/// refuses the hand-in before it is opened.
/// The written report's folder at the top (<c>Report/</c>) is not walked: <see cref="DiscoveredReport"/> reads it.
/// </summary>
internal static class FolderHandin
{
    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    /// <param name="expected">Files at the hand-in's top that are left out without a note (what <c>grader assign</c> put there beside the code).</param>
    /// <exception cref="HandinRefusedException">The hand-in can't be graded; the message says why.</exception>
    /// <exception cref="IOException">A file or folder could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file or folder may not be read.</exception>
    public static HandinSource Read(string folder, string student, string display, DiscoveryLimits limits, List<string> notes, IReadOnlyCollection<string>? expected = null)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var realRoot = new DirectoryInfo(root).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? root;
        var raw = new RawHandin();
        Collect(new DirectoryInfo(root), "", [root, Path.TrimEndingDirectorySeparator(realRoot)], display, limits, raw);
        raw.NotCSharp.RemoveAll(path => expected?.Contains(path) == true);
        return HandinReader.Read(student, display, raw, limits, notes);
    }

    private static void Collect(DirectoryInfo directory, string relative, string[] roots, string display, DiscoveryLimits limits, RawHandin raw)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos("*", AllEntries).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (RawHandin.IsHidden(entry.Name))
            {
                continue;
            }

            if (relative.Length == 0 && IsReportFolder(entry.Name))
            {
                continue; // the written report: read by DiscoveredReport.FromFolder, a link there never refuses the code
            }

            var path = relative + entry.Name;
            if (entry.LinkTarget is not null)
            {
                Link(entry, path, roots, display, raw);
                continue;
            }

            if (entry is DirectoryInfo sub)
            {
                if (!RawHandin.IsSkippedFolder(sub.Name))
                {
                    Collect(sub, path + "/", roots, display, limits, raw);
                }
            }
            else if (RawHandin.IsCSharp(entry.Name))
            {
                var file = (FileInfo)entry;
                if (StudentFile.Refusal(file.FullName) is { } refused)
                {
                    throw new HandinRefusedException($"'{display}{path}' is {refused}; it was not opened, so the hand-in was not graded.");
                }

                raw.Sources.Add(new RawSource(path, $"'{display}{path}'", file.Length, () => StudentFile.Open(file.FullName)));
                if (raw.Sources.Count > limits.MaxFiles)
                {
                    return; // enough to refuse it; no need to walk the rest
                }
            }
            else
            {
                raw.NotCSharp.Add(path);
            }
        }
    }

    /// <summary>True for the name of the written report's folder at a hand-in's top (<c>Report/</c>, in any case).</summary>
    public static bool IsReportFolder(string name) => string.Equals(name, ReportLayout.Folder, StringComparison.OrdinalIgnoreCase);

    /// <summary>The written report's folder at the top of <paramref name="folder"/> (<c>Report/</c> in any case, a link too), or null.</summary>
    public static string? ReportFolder(string folder)
    {
        try
        {
            return new DirectoryInfo(folder).EnumerateFileSystemInfos("*", AllEntries)
                .Where(e => IsReportFolder(e.Name) && (e is DirectoryInfo || e.LinkTarget is not null))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => e.FullName)
                .FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // reading the hand-in says why
        }
    }

    private static void Link(FileSystemInfo link, string path, string[] roots, string display, RawHandin raw)
    {
        string target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? link.LinkTarget!;
        }
        catch (IOException)
        {
            raw.Unfollowed.Add($"{path} (a link that can't be resolved)");
            return;
        }

        target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        var inside = roots.FirstOrDefault(r => target.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal) || target == r);
        if (inside is null)
        {
            throw new HandinRefusedException(
                $"'{display}{path}' is a symbolic link to '{target}', outside the hand-in; links are not followed out of a hand-in, so it was not graded.");
        }

        raw.Unfollowed.Add($"{path} → {Path.GetRelativePath(inside, target).Replace(Path.DirectorySeparatorChar, '/')}");
    }
}
