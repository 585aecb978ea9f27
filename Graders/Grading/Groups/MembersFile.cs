using Grader.Checks.Courses;
using Grader.Grading.Courses;
using Grader.Checks.Handins;

namespace Grader.Grading.Groups;

/// <summary>
/// The <c>members.txt</c> a group's hand-in carries at its top (the sheets: "Please list all names and tutorial
/// numbers"; <c>grader assign</c> writes its skeleton): one member a line, <c>name, tutorial</c> (<see cref="Format"/>),
/// <c>#</c> comments and blank lines ignored, the tutorial after the comma not read. It is the students' text, so hostile: a link, FIFO or device is not opened
/// (<see cref="StudentFile"/>), at most <see cref="MaxBytes"/> are read and <see cref="MaxNames"/> names kept, and it
/// decides nothing: it is compared with the course's group, and a difference is shown to the tutor.
/// </summary>
public static class MembersFile
{
    /// <summary>The file's name.</summary>
    public const string FileName = "members.txt";

    /// <summary>
    /// The one format, in words (<see cref="Parse"/> reads it; the skeleton, the assigned README and the guides say it):
    /// one member a line, the name as the course lists it, then a comma and the tutorial, which is not read.
    /// </summary>
    public const string Format = "one member a line: your name as the course lists you (no comma in it), then a comma and your tutorial; the grader reads the name, the tutorial is for your tutor, and lines starting with '#' are ignored";

    /// <summary>Two lines of the format (<see cref="Format"/>), as the assigned README shows them.</summary>
    public const string Example = "Ada Lovelace, mon\nCharles Babbage, tue";

    /// <summary>What <c>grader assign</c> writes for a course handed in by groups.</summary>
    public const string Skeleton = """
        # The members of your group (the sheets: "list all names and tutorial numbers"): one member a line, your
        # name as the course lists you (no comma in it), then a comma and your tutorial, e.g. "Ada Lovelace, mon".
        # The grader reads the names, compares them with the course's groups and shows the tutor any difference;
        # the tutorial is for your tutor. Lines starting with '#' are ignored.

        """;

    /// <summary>The most bytes read.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The most names kept; a list with more is reported as such.</summary>
    public const int MaxNames = 50;

    /// <summary>The names the hand-in folder <paramref name="folder"/> lists, null when it has no <c>members.txt</c>, or the problem that kept it from being read.</summary>
    public static (IReadOnlyList<string>? Names, string? Problem) Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path) && !Directory.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            return (null, null);
        }

        if (StudentFile.Refusal(path) is { } refused)
        {
            return (null, $"{FileName} is {refused}; it was not read.");
        }

        byte[]? bytes;
        try
        {
            bytes = StudentFile.Read(path, MaxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{FileName} could not be read: {e.Message}");
        }

        if (bytes is null)
        {
            return (null, $"{FileName} is larger than {MaxBytes / 1024} KiB; a group lists a few names, so it was not read.");
        }

        return Parse(System.Text.Encoding.UTF8.GetString(bytes));
    }

    /// <summary>
    /// The names the hand-in zip <paramref name="zip"/> lists in its <c>members.txt</c> (at its top, or one folder down
    /// for a zip that wraps everything in one folder), null when it has none, or the problem that kept it from being read.
    /// Read in memory through the same cap as a folder's (<see cref="MaxBytes"/>, whatever the entry's header claims).
    /// </summary>
    public static (IReadOnlyList<string>? Names, string? Problem) ReadZip(string zip)
    {
        if (StudentFile.SpecialFile(zip) is { } special)
        {
            return (null, $"the zip is {special}; its {FileName} was not read.");
        }

        try
        {
            using var archive = new System.IO.Compression.ZipArchive(new FileStream(zip, FileMode.Open, FileAccess.Read, FileShare.Read), System.IO.Compression.ZipArchiveMode.Read);
            var entries = archive.Entries.Where(e => IsMembersEntry(e.FullName)).Take(2).ToArray();
            if (entries.Length == 0)
            {
                return (null, null);
            }

            if (entries.Length > 1 || entries[0].IsEncrypted)
            {
                return (null, entries.Length > 1 ? $"the zip holds more than one {FileName}; none was read." : $"{FileName} is encrypted in the zip; it was not read.");
            }

            using var content = entries[0].Open();
            var buffer = new byte[MaxBytes + 1];
            var read = 0;
            for (int n; read < buffer.Length && (n = content.Read(buffer, read, buffer.Length - read)) > 0;)
            {
                read += n;
            }

            return read > MaxBytes
                ? (null, $"{FileName} is larger than {MaxBytes / 1024} KiB; a group lists a few names, so it was not read.")
                : Parse(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return (null, $"{FileName} in the zip could not be read: {e.Message}");
        }
    }

    /// <summary><c>members.txt</c> at a zip's top or one folder down (as the zip's <c>.cs</c> files may be).</summary>
    private static bool IsMembersEntry(string fullName)
    {
        var segments = fullName.Replace('\\', '/').Split('/');
        return segments[^1] == FileName && segments.Length <= 2 && !segments.Any(s => s is "" or "." or "..");
    }

    /// <summary>The names of a <c>members.txt</c>'s text.</summary>
    public static (IReadOnlyList<string>? Names, string? Problem) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var name = line.Split(',')[0].Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (names.Count == MaxNames)
            {
                return (names, $"{FileName} lists more than {MaxNames} names; only the first {MaxNames} were compared.");
            }

            names.Add(name);
        }

        return (names, null);
    }

    /// <summary>How <paramref name="listed"/> differs from the course's <paramref name="group"/>, in one sentence; null when they are the same people.</summary>
    public static string? Conflict(CourseGroup group, IReadOnlyList<string> listed, GroupRoster roster)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(roster);
        var key = Discovery.StudentName.Key;
        var declared = group.Members.Select(key).ToHashSet(StringComparer.Ordinal);
        var named = listed.Select(key).ToHashSet(StringComparer.Ordinal);
        if (declared.SetEquals(named))
        {
            return null;
        }

        var extra = listed.Where(n => !declared.Contains(key(n))).Select(n => roster.GroupOf(n) is { } other
            ? $"\"{CourseGroupRules.Shown(n)}\" (of group {other.Id})"
            : $"\"{CourseGroupRules.Shown(n)}\"").ToArray();
        var missing = group.Members.Where(m => !named.Contains(key(m))).Select(m => $"\"{m}\"").ToArray();
        return $"the {FileName} of group {group.Id} differs from the course's group ({string.Join(", ", group.Members)})"
            + (extra.Length > 0 ? $": it names {string.Join(", ", extra)}, who are not in the group" : "")
            + (missing.Length > 0 ? $"{(extra.Length > 0 ? ", and" : ":")} it leaves out {string.Join(", ", missing)}" : "")
            + "; the course's group is graded, so check with the students.";
    }
}
