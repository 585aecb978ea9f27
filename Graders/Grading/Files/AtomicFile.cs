namespace Grader.Grading.Files;

/// <summary>
/// Writes a file so that a reader sees the old content or the new, never a half-written file: the text goes to a
/// temporary file beside the target, which then replaces it in one rename. A failure (no permission, a full disk) is an
/// <see cref="OutputFolderException"/> naming the folder and the file, not the temporary file.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/>, creating its folder.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, creating its folder.</summary>
    /// <exception cref="OutputFolderException">The folder can't be created or the file can't be written.</exception>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        try
        {
            Write(full, folder, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not OutputFolderException)
        {
            throw OutputFolderException.For(folder, full, e);
        }
    }

    private static void Write(string full, string folder, byte[] bytes)
    {
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
