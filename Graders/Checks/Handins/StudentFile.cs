using System.Runtime.InteropServices;

namespace Grader.Checks.Handins;

/// <summary>
/// Opening a file a student controls (a hand-in's <c>.cs</c> file, its written report, its <c>assignment.json</c>):
/// the file's own entry is looked at first (<c>statx</c> without following a link) and only a plain regular file with
/// one name is opened, so a FIFO, a device or a socket is refused before it is opened (opening a FIFO blocks until
/// someone writes to it, reading a device never ends), and so is a symbolic link. A hard link (a file with more than
/// one name) is refused too: its other name may be a tutor's file (a reference solution, another student's hand-in,
/// unpacked from a tar archive the student made), and the grader can't tell where that name is, so content it can't
/// attribute to the student is never graded as theirs. Reading is capped (<see cref="ReadCapped"/>). On a system
/// without <c>statx</c> (not Linux) a link is still refused, and a file that reports no length is never opened.
/// </summary>
public static class StudentFile
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxNlink = 0x4;
    private const int StatxBytes = 256;

    /// <summary>
    /// Why <paramref name="path"/> is not opened, as the end of a sentence ("a FIFO (named pipe), not a plain file"),
    /// or null when it is a plain regular file with one name. A missing file is null (opening it says so).
    /// </summary>
    public static string? Refusal(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return "a symbolic link, not a plain file (links are not followed)";
        }

        if (!info.Exists)
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return info.Length == 0 ? "a file that reports no length (an empty file, or a pipe or device), so it was not opened" : null;
        }

        return Kind(path, followLink: false, oneName: true);
    }

    /// <summary>
    /// As <see cref="Refusal"/> for a file the tutor placed and a student filled (a hand-in's <c>.zip</c> in the tutor's
    /// folder): a link to it is followed and its names are not counted, but a FIFO, a device or a socket is refused.
    /// </summary>
    public static string? SpecialFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        return OperatingSystem.IsLinux() ? Kind(path, followLink: true, oneName: false)
            : new FileInfo(path).Length == 0 ? "a file that reports no length (an empty file, or a pipe or device), so it was not opened" : null;
    }

    private static string? Kind(string path, bool followLink, bool oneName)
    {
        var buffer = new byte[StatxBytes];
        if (Statx(AtFdCwd, path, followLink ? 0 : AtSymlinkNoFollow, StatxType | StatxNlink, buffer) != 0)
        {
            return $"a file whose type can't be read (error {Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)})";
        }

        uint links = BitConverter.ToUInt32(buffer, 16);
        int type = BitConverter.ToUInt16(buffer, 28) & 0xF000;
        return type switch
        {
            0x8000 when oneName && links > 1 => $"a hard link (a file with {links.ToString(CultureInfo.InvariantCulture)} names, the others possibly outside the hand-in), not a file of its own",
            0x8000 => null,
            0x1000 => "a FIFO (named pipe), not a plain file",
            0x2000 => "a character device, not a plain file",
            0x6000 => "a block device, not a plain file",
            0xC000 => "a socket, not a plain file",
            0xA000 => "a symbolic link, not a plain file (links are not followed)",
            0x4000 => "a folder, not a file",
            _ => "not a plain file",
        };
    }

    /// <summary>The file for reading, after <see cref="Refusal"/> found nothing against it.</summary>
    /// <exception cref="IOException">It is not a plain file with one name (the message says what it is), or can't be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    public static FileStream Open(string path)
    {
        if (Refusal(path) is { } why)
        {
            throw new IOException($"it is {why}; it was not opened");
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
    }

    /// <summary>The bytes of <paramref name="path"/> (checked as <see cref="Open"/>), or null when it holds more than <paramref name="cap"/> bytes.</summary>
    /// <exception cref="IOException">It is not a plain file with one name, or can't be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    public static byte[]? Read(string path, long cap)
    {
        using var file = Open(path);
        return ReadCapped(file, cap);
    }

    /// <summary>The bytes of <paramref name="stream"/>, or null when it holds more than <paramref name="cap"/> bytes (then no more than <paramref name="cap"/> + 1 are read).</summary>
    public static byte[]? ReadCapped(Stream stream, long cap)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, cap + 1 - total))) > 0)
        {
            buffer.Write(chunk, 0, read);
            total += read;
            if (total > cap)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    // A plain DllImport (a byte buffer, no unsafe code): statx's struct is the same on every Linux architecture, unlike stat's.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Statx(int directory, string path, int flags, uint mask, byte[] buffer);
}
