using Grader.Checks.Handins;

namespace Grader.Grading.Files;

/// <summary>
/// A file a tutor hands a command that the command reads whole (the submissions CSV of <c>semester record</c>, the
/// course file, a rubric CSV), read through a bounded stream: past <see cref="MaxBytes"/> it is refused with one
/// <see cref="IOException"/> whose message says so, which each command reports like any unreadable file. (A 160 MiB
/// submissions CSV made <c>semester record</c> peak at 1.6 GiB, issue 44.) A folder, a FIFO, a device or a socket at
/// the path is refused before it is opened, with a message that says what it is (opening a FIFO blocks until someone
/// writes to it, and `course check` on one waited for ever); a link to a plain file is followed.
/// </summary>
public static class TutorInput
{
    /// <summary>The largest tutor input read (a cohort's CSV or course file is kilobytes).</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>The bytes of <paramref name="path"/>; <see cref="IOException"/> when it holds more than <see cref="MaxBytes"/>.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException("it is a folder, not a file");
        }

        if (StudentFile.SpecialFile(path) is { } why)
        {
            throw new IOException($"it is {why}; it was not opened");
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (file.CanSeek && file.Length > MaxBytes)
        {
            throw TooLarge(file.Length);
        }

        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        for (int read; (read = file.Read(buffer)) > 0;)
        {
            if (bytes.Length + read > MaxBytes)
            {
                throw TooLarge(null);
            }

            bytes.Write(buffer, 0, read);
        }

        return bytes.ToArray();
    }

    /// <summary>The text of <paramref name="path"/> (UTF-8, or as its byte order mark says), within <see cref="MaxBytes"/>.</summary>
    public static string ReadAllText(string path)
    {
        using var reader = new StreamReader(new MemoryStream(ReadAllBytes(path)), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static IOException TooLarge(long? size) => new(
        string.Create(CultureInfo.InvariantCulture, $"it is larger than the {MaxBytes >> 20} MiB a tutor's input file may hold")
        + (size is { } s ? string.Create(CultureInfo.InvariantCulture, $" ({s / (1 << 20)} MiB)") : "")
        + "; split it or leave out what the command does not need");
}
