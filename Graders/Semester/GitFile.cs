namespace Grader.Semester;

/// <summary>
/// Opening a file of a student's repository: only a regular, non-empty file inside the repository's own folder, reached
/// without a symbolic link on the way, and no larger than its cap. (An empty length also keeps out FIFOs and devices,
/// which report none; a file git writes is never empty.)
/// </summary>
internal static class GitFile
{
    /// <summary>True when <paramref name="path"/> is a file under <paramref name="root"/> that <see cref="Open"/> would open.</summary>
    public static bool Exists(string root, string path) =>
        NoLinkBetween(root, Path.GetDirectoryName(path)!) && new FileInfo(path) is { Exists: true, LinkTarget: null, Length: > 0 };

    /// <summary>True when <paramref name="path"/> is a directory under (or equal to) <paramref name="root"/> reached without a link.</summary>
    public static bool IsPlainDirectory(string root, string path) => NoLinkBetween(root, path) && Directory.Exists(path);

    /// <summary>The file <paramref name="path"/> for reading; <see cref="InvalidDataException"/> when it is not a plain file or larger than <paramref name="maxBytes"/>.</summary>
    public static FileStream Open(string root, string path, long maxBytes)
    {
        if (!Exists(root, path))
        {
            throw new InvalidDataException("not a plain file of the repository");
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        if (file.Length > maxBytes)
        {
            file.Dispose();
            throw new InvalidDataException("file too large");
        }

        return file;
    }

    /// <summary>The whole text of a small file (HEAD, a loose ref, a <c>.git</c> file), or null when it is missing, linked or larger than <paramref name="maxBytes"/>.</summary>
    public static string? ReadSmall(string root, string path, int maxBytes)
    {
        if (!Exists(root, path))
        {
            return null;
        }

        using var file = Open(root, path, maxBytes);
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>True when every folder from <paramref name="root"/> down to <paramref name="folder"/> is a plain folder (no link) and <paramref name="folder"/> is inside <paramref name="root"/>.</summary>
    private static bool NoLinkBetween(string root, string folder)
    {
        var top = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        var at = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        if (at != top && !at.StartsWith(top + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return false;
        }

        for (; at.Length >= top.Length; at = Path.GetDirectoryName(at) ?? "")
        {
            if (new DirectoryInfo(at).LinkTarget is not null)
            {
                return false;
            }
        }

        return true;
    }
}
