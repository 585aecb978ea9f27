namespace Grader.Semester;

/// <summary>
/// The committer time of a student repository's HEAD, read from its files without running any program (issue 44: git
/// honours the repository's own <c>.git/config</c>, whose <c>gpg.program</c>, <c>core.fsmonitor</c> or pager ran a
/// student's script as the tutor). <c>.git</c> must be a folder inside the student's folder, or a <c>.git</c> file whose
/// <c>gitdir:</c> stays inside it; HEAD is a symbolic ref (to a loose ref or a line of <c>packed-refs</c>) or a detached
/// id; the commit is a loose or packed object (<see cref="GitObjects"/>); its <c>committer … &lt;epoch&gt; &lt;±hhmm&gt;</c>
/// line is the time. A hostile or broken repository gives null, never an exception. Not honoured (as
/// <c>git log</c> would): <c>refs/replace</c>, grafts, SHA-256 repositories.
/// </summary>
public static class GitHead
{
    private const int MaxRefBytes = 4096;
    private const long MaxPackedRefsBytes = 64L << 20;
    private const int MaxSymbolicDepth = 8;

    /// <summary>HEAD's committer time in the repository at <paramref name="folder"/> (the student's folder, holding <c>.git</c>), or null.</summary>
    public static DateTimeOffset? CommitTime(string folder)
    {
        try
        {
            if (GitDirectory(folder) is not { } git || Head(git) is not { } id)
            {
                return null;
            }

            var (type, data) = new GitObjects(git).Read(id);
            return type == "commit" ? Committer(data) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or OverflowException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The repository folder of <paramref name="folder"/>: its <c>.git</c> folder, or where a <c>.git</c> file's <c>gitdir:</c> points when that is inside <paramref name="folder"/>.</summary>
    private static string? GitDirectory(string folder)
    {
        var dotGit = Path.Combine(folder, ".git");
        if (new DirectoryInfo(folder).LinkTarget is not null)
        {
            return null;
        }

        if (GitFile.IsPlainDirectory(folder, dotGit))
        {
            return dotGit;
        }

        if (GitFile.ReadSmall(folder, dotGit, MaxRefBytes) is not { } text || !text.StartsWith("gitdir:", StringComparison.Ordinal))
        {
            return null;
        }

        var target = Path.GetFullPath(Path.Combine(folder, text["gitdir:".Length..].Trim()));
        return target != Path.GetFullPath(folder) && GitFile.IsPlainDirectory(folder, target) ? target : null;
    }

    /// <summary>The commit id HEAD names: detached, or through symbolic refs to a loose ref or <c>packed-refs</c>.</summary>
    private static string? Head(string git)
    {
        var text = GitFile.ReadSmall(git, Path.Combine(git, "HEAD"), MaxRefBytes)?.Trim();
        for (int depth = 0; text is not null && depth < MaxSymbolicDepth; depth++)
        {
            if (GitObjects.IsObjectId(text))
            {
                return text;
            }

            if (!text.StartsWith("ref: ", StringComparison.Ordinal) || text[5..].Trim() is not { } name || !IsRefName(name))
            {
                return null;
            }

            text = GitFile.ReadSmall(git, Path.Combine(git, name), MaxRefBytes)?.Trim() ?? Packed(git, name);
        }

        return null;
    }

    /// <summary>A ref under <c>refs/</c> whose parts are plain names (no <c>..</c>, no empty part, no control characters).</summary>
    private static bool IsRefName(string name) =>
        name.StartsWith("refs/", StringComparison.Ordinal) && name.Length < 1024
        && name.Split('/').All(p => p.Length > 0 && p != "." && p != ".." && !p.StartsWith('.') && !p.EndsWith(".lock", StringComparison.Ordinal))
        && name.All(c => c > ' ' && c < 0x7f && c != '\\' && c != ':');

    /// <summary>The id of <paramref name="name"/> in <c>packed-refs</c> (lines <c>&lt;id&gt; &lt;name&gt;</c>), streamed, or null.</summary>
    private static string? Packed(string git, string name)
    {
        var path = Path.Combine(git, "packed-refs");
        if (!GitFile.Exists(git, path))
        {
            return null;
        }

        using var reader = new StreamReader(GitFile.Open(git, path, MaxPackedRefsBytes), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 41 + name.Length && line[40] == ' ' && line.EndsWith(name, StringComparison.Ordinal) && GitObjects.IsObjectId(line[..40]))
            {
                return line[..40];
            }
        }

        return null;
    }

    /// <summary>The time of a commit's <c>committer Name &lt;mail&gt; 1700000000 +0100</c> header line, or null.</summary>
    private static DateTimeOffset? Committer(byte[] commit)
    {
        foreach (var line in Encoding.UTF8.GetString(commit).Split('\n'))
        {
            if (line.Length == 0)
            {
                return null;
            }

            if (!line.StartsWith("committer ", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line[Math.Max(0, line.LastIndexOf('>'))..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || parts[0] != ">" || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long epoch)
                || parts[2].Length != 5 || parts[2][0] is not ('+' or '-')
                || !int.TryParse(parts[2].AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hours)
                || !int.TryParse(parts[2].AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int minutes)
                || hours > 14 || minutes > 59 || epoch > 253402300799)
            {
                return null;
            }

            var offset = new TimeSpan(hours, minutes, 0) * (parts[2][0] == '-' ? -1 : 1);
            return offset.Duration() > TimeSpan.FromHours(14) ? null : DateTimeOffset.FromUnixTimeSeconds(epoch).ToOffset(offset);
        }

        return null;
    }
}
