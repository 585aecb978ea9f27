namespace Grader.Semester;

/// <summary>
/// The times of the hand-ins. What a hand-in carries — a student repository's last commit (its committer time, read
/// from its files by <see cref="GitHead"/>, no program run), else a zip's file time, else the newest file time of a
/// folder's <c>.cs</c> files — is a time the student sets (<c>GIT_COMMITTER_DATE</c>, <c>touch</c>): it is kept as
/// claimed (<see cref="Claimed"/>) and decides nothing. A CSV with the columns <c>student</c> and <c>submitted</c> (an
/// LMS export's timestamps, ISO 8601 with offset, <see cref="Lms"/>) gives the times that decide for the students it
/// lists; without it the semester counts from when the grader first saw the hand-in (<see cref="RunStore.Times"/>).
/// </summary>
public static class SubmissionTimes
{
    /// <summary>The times <paramref name="students"/>' hand-ins in the folders <paramref name="handins"/> claim (the first folder that has the student's).</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> Claimed(IReadOnlyList<string> students, IReadOnlyList<string> handins)
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var student in students)
        {
            foreach (var folder in handins)
            {
                if (Of(Path.Combine(folder, student)) is { } at)
                {
                    times[student] = at;
                    break;
                }
            }
        }

        return times;
    }

    /// <summary>The LMS file's time of each student it lists (a later row wins); empty without a file.</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> Lms(string? csv)
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (student, at) in csv is null ? [] : ReadCsv(csv))
        {
            times[student] = at;
        }

        return times;
    }

    /// <summary>The submission time a hand-in at <paramref name="path"/> (a folder, or <c>path.zip</c>) carries, or null when there is none.</summary>
    public static DateTimeOffset? Of(string path)
    {
        if (File.Exists(path + ".zip"))
        {
            return new DateTimeOffset(File.GetLastWriteTimeUtc(path + ".zip"), TimeSpan.Zero);
        }

        if (!Directory.Exists(path))
        {
            return null;
        }

        if (Path.Exists(Path.Combine(path, ".git")) && GitHead.CommitTime(path) is { } commit)
        {
            return commit;
        }

        var files = Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories).ToArray();
        return files.Length == 0 ? null : new DateTimeOffset(files.Max(File.GetLastWriteTimeUtc), TimeSpan.Zero);
    }

    /// <summary>The rows of a submissions CSV (<c>student,submitted</c>); one message with the row for anything it cannot read.</summary>
    public static IReadOnlyList<(string Student, DateTimeOffset At)> ReadCsv(string path)
    {
        string text;
        try
        {
            text = TutorInput.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CourseFileException($"The submissions CSV '{Path.GetFullPath(path)}' could not be read: {e.Message}");
        }

        try
        {
            var rows = Csv.Read(text.TrimStart('\uFEFF')).Where(r => !r.IsBlank).ToArray();
            if (rows.Length == 0 || rows[0].Fields.Count < 2 || rows[0].Fields[0].Trim() != "student" || rows[0].Fields[1].Trim() != "submitted")
            {
                throw new CourseFileException($"{Path.GetFullPath(path)}: the header must be 'student,submitted'.");
            }

            return rows.Skip(1).Select(r => r.Fields.Count >= 2
                && HasOffset(r.Fields[1].Trim())
                && DateTimeOffset.TryParse(r.Fields[1].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    ? (r.Fields[0].Trim(), at)
                    : throw new CourseFileException($"{Path.GetFullPath(path)}, row {r.Row}: 'submitted' must be a time with its offset, e.g. 2026-11-05T12:03:00+01:00."))
                .ToArray();
        }
        catch (CsvSyntaxException e)
        {
            throw new CourseFileException($"{Path.GetFullPath(path)}: {e.Message}");
        }
    }

    /// <summary>True for "2026-11-05T12:03:00Z" or "…+01:00": a date, a time and its offset (a time without one would be read in the machine's zone).</summary>
    private static bool HasOffset(string text)
    {
        int t = text.IndexOf('T', StringComparison.Ordinal);
        return t > 0 && (text.EndsWith('Z') || text.IndexOfAny(['+', '-'], t) > t);
    }
}
