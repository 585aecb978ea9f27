namespace Grader.Grading.Files;

/// <summary>
/// A file of the output could not be written: the message names the folder and says why in the tool's words (no
/// permission, a read-only file system, a full disk), never the temporary file <see cref="AtomicFile"/> writes first.
/// An <see cref="IOException"/>, so the commands end with <see cref="Commands.ExitCodes.InfrastructureFailure"/>.
/// </summary>
public sealed class OutputFolderException(string message, Exception inner) : IOException(message, inner)
{
    private const int DiskFullErrno = 28;     // ENOSPC
    private const int DiskFullWindows = 112;  // ERROR_DISK_FULL
    private const int ReadOnlyErrno = 30;     // EROFS

    /// <summary>The exception for <paramref name="path"/> (a file in <paramref name="folder"/>) failing with <paramref name="cause"/>.</summary>
    public static OutputFolderException For(string folder, string path, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var code = cause.HResult & 0xFFFF;
        var why = cause switch
        {
            UnauthorizedAccessException => "permission denied (the folder, or one above it, is read-only or belongs to someone else)",
            IOException when code is DiskFullErrno or DiskFullWindows || cause.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) => "the disk is full",
            IOException when code == ReadOnlyErrno || cause.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) => "the file system is read-only",
            _ => cause.Message.TrimEnd('.'),
        };
        return new OutputFolderException(
            $"The output could not be written to '{folder}' ({Path.GetFileName(path)}): {why}. Give --out a folder you can write to, or make room, and run again.", cause);
    }
}
