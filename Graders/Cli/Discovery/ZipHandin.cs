using System.IO.Compression;

namespace Grader.Cli.Discovery;

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
    public static HandinSource Read(string zipPath, string student, string display, DiscoveryLimits limits, List<string> notes)
    {
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
            }
        }

        return raw;
    }

    private static bool IsOutside(string name) =>
        name.StartsWith('/')
        || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
        || name.Split('/').Any(s => s == "..");
}
