using System.IO.Compression;

namespace Grader.Grading.Discovery;

/// <summary>
/// A hand-in that is a <c>.zip</c>, read in memory (nothing is unpacked to disk). Refused: a zip that can't be read
/// (corrupt, truncated, not a zip), one with a password, with more entries than allowed, with an entry whose path is
/// absolute or climbs out with '..', or with two entries of the same path. Every <c>.cs</c> entry is decompressed
/// through a cap, whatever its header says.
/// </summary>
internal static class ZipHandin
{
    /// <exception cref="HandinRefusedException">The hand-in can't be graded; the message says why.</exception>
    /// <exception cref="IOException">The zip could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The zip may not be read.</exception>
    public static HandinSource Read(string zipPath, string student, string display, DiscoveryLimits limits, List<string> notes) =>
        Read(zipPath, student, display, limits, notes, out _);

    /// <summary>As <see cref="Read(string, string, string, DiscoveryLimits, List{string})"/>, with the written report the zip carries (its <c>Report/</c> entries, or <c>top/Report/</c>); null when none.</summary>
    public static HandinSource Read(string zipPath, string student, string display, DiscoveryLimits limits, List<string> notes, out DiscoveredReport? report)
    {
        report = null;
        if (StudentFile.SpecialFile(zipPath) is { } special)
        {
            throw new HandinRefusedException($"'{display}' is {special}; it was not opened, so it was not graded.");
        }

        var length = new FileInfo(zipPath).Length;
        if (length > limits.MaxZipBytes)
        {
            throw new HandinRefusedException(
                $"'{display}' is {ByteSize.Format(length)}; a zip may be at most {ByteSize.Format(limits.MaxZipBytes)}, so it was not graded.");
        }

        using var stream = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var raw = Collect(archive, display, limits);
            report = Report(zipPath, display, raw, limits);
            return HandinReader.Read(student, display, raw, limits, notes);
        }
        catch (InvalidDataException e)
        {
            throw new HandinRefusedException($"'{display}' is not a readable zip (corrupt or truncated: {e.Message.TrimEnd('.')}); it was not graded.");
        }
    }

    private static RawHandin Collect(ZipArchive archive, string display, DiscoveryLimits limits)
    {
        var entries = archive.Entries;
        if (entries.Count > limits.MaxZipEntries)
        {
            throw new HandinRefusedException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{display}' holds {entries.Count} entries; a zip may hold at most {limits.MaxZipEntries}, so it was not graded."));
        }

        var raw = new RawHandin();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = entry.FullName.Replace('\\', '/');
            if (IsOutside(name))
            {
                throw new HandinRefusedException(
                    $"'{display}' holds the entry '{entry.FullName}', whose path is absolute or climbs out with '..' (a zip-slip attack?); it was not graded.");
            }

            if (entry.IsEncrypted)
            {
                throw new HandinRefusedException(
                    $"'{display}' is password-protected (its entry '{entry.FullName}' is encrypted); ask for a zip without a password. It was not graded.");
            }

            var segments = name.Split('/').Where(s => s.Length > 0 && s != ".").ToArray();
            bool isFolder = name.EndsWith('/') || segments.Length == 0;
            if (isFolder
                || segments.Any(RawHandin.IsHidden)
                || segments[..^1].Any(RawHandin.IsSkippedFolder))
            {
                continue;
            }

            var path = string.Join('/', segments);
            if (!seen.Add(path))
            {
                throw new HandinRefusedException($"'{display}' holds two entries named '{path}'; it was not graded.");
            }

            if (RawHandin.IsCSharp(path))
            {
                raw.Sources.Add(new RawSource(path, $"'{path}' in '{display}'", entry.Length, entry.Open, entry.Crc32));
            }
            else
            {
                raw.NotCSharp.Add(path);
                raw.NotCSharpEntries[path] = (entry.Length, entry.FullName);
            }
        }

        return raw;
    }

    /// <summary>
    /// Takes the written report's entries out of <paramref name="raw"/>: files directly in <c>Report/</c> at the zip's top
    /// or one folder down (a zip that wraps everything in <c>alice/</c>). Null when there are none.
    /// </summary>
    private static DiscoveredReport? Report(string zipPath, string display, RawHandin raw, DiscoveryLimits limits)
    {
        var entries = raw.NotCSharp.Where(p => IsReportEntry(p.Split('/'))).ToArray();
        if (entries.Length == 0)
        {
            return null;
        }

        raw.NotCSharp.RemoveAll(entries.Contains);
        var files = new List<ReportFile>();
        var problems = new List<string>();
        foreach (var path in entries.Order(StringComparer.Ordinal))
        {
            var size = raw.NotCSharpEntries[path];
            DiscoveredReport.Add(path.Split('/')[^1], $"'{DiscoveredReport.Shown(path)}' in '{DiscoveredReport.Shown(display)}'", size.Size,
                name => new ReportFile(name, size.Size, zipPath, size.Entry), limits, files, problems);
        }

        return new DiscoveredReport(files.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray(), problems);
    }

    private static bool IsReportEntry(string[] segments) =>
        (segments.Length == 2 && FolderHandin.IsReportFolder(segments[0]))
        || (segments.Length == 3 && FolderHandin.IsReportFolder(segments[1]));

    private static bool IsOutside(string name) =>
        name.StartsWith('/')
        || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
        || name.Split('/').Any(s => s == "..");
}
