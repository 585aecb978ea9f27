using System.IO.Compression;

namespace Grader.Grading.Discovery;

/// <summary>One file of a hand-in's written report (<c>Report/report.md</c>, <c>report.pdf</c>, <c>pages.txt</c>), found by discovery, not yet read.</summary>
/// <param name="Name">Its name in <c>Report/</c>, lower case as <see cref="ReportLayout.Files"/> spells it.</param>
/// <param name="Size">Its size on disk, or the size its zip entry declares (checked again when read).</param>
/// <param name="Path">The file, or the zip that holds it.</param>
/// <param name="ZipEntry">Its entry's full name in the zip at <paramref name="Path"/>; null for a file of a folder.</param>
public sealed record ReportFile(string Name, long Size, string Path, string? ZipEntry = null)
{
    /// <summary>
    /// Its bytes, or null when it holds more than <paramref name="cap"/> bytes. A file of a folder is checked again
    /// before it is opened (<see cref="StudentFile"/>): one that has become a link, a FIFO or a device is not read.
    /// </summary>
    /// <exception cref="IOException">It can't be read (gone, not a plain file now, a corrupt zip entry).</exception>
    /// <exception cref="InvalidDataException">Its zip is corrupt.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    public byte[]? Read(long cap)
    {
        if (ZipEntry is null)
        {
            return StudentFile.Read(Path, cap);
        }

        if (StudentFile.SpecialFile(Path) is { } special)
        {
            throw new IOException($"its zip is {special}");
        }

        using var archive = ZipFile.OpenRead(Path);
        var entry = archive.GetEntry(ZipEntry) ?? throw new IOException($"the zip no longer holds '{ZipEntry}'");
        using var stream = entry.Open();
        var bytes = StudentFile.ReadCapped(stream, cap);
        if (bytes is not null && System.IO.Hashing.Crc32.HashToUInt32(bytes) != entry.Crc32)
        {
            throw new IOException("its CRC-32 does not match its zip header (corrupt)");
        }

        return bytes;
    }
}
