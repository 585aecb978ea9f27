namespace Grader.Web;

/// <summary>The desk's part of blind grading as a property of rendering (issue 80): one <see cref="SheetNaming"/> per sheet and tutor, read by every tutor page.</summary>
public sealed partial class GradingDesk
{
    /// <summary>
    /// How <paramref name="tutor"/>'s pages name the students of <paramref name="sheet"/> (<see cref="SheetNaming"/>):
    /// shown after their logged reveal, else pseudonyms; the names it rewrites are the course's students, its groups,
    /// the sheet's hand-ins, and their folders' names and paths as the run's problems quote them.
    /// </summary>
    public SheetNaming Naming(string sheet, string tutor)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var shown = NamesShown(sheet, tutor);
        var roster = Roster(sheet);
        var names = Students(sheet).Select(s => (s, s))
            .Concat((Course.Semester?.Students ?? []).Select(s => (s, s)))
            .Concat((roster?.Students ?? []).Select(s => (s, s)))
            .Concat((roster?.Groups ?? []).Select(g => (g.Id, g.Id)))
            .Concat(HandinPaths(sheet))
            .ToArray();
        return new SheetNaming(sheet, shown, names);
    }

    // The names of each run folder's problems, read again only when its run.json changes (every tutor page asks for them).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime Written, long Length, (string, string)[] Names)> _handinPaths = new(StringComparer.Ordinal);

    /// <summary>Each path the sheet's latest run's problems quote, its folder's name and that name without its extension, with the hand-in it is.</summary>
    private (string Text, string Student)[] HandinPaths(string sheet)
    {
        string? folder;
        using (Hold())
        {
            folder = _gradebook.Runs.LatestRun(sheet) is { } run ? _gradebook.Runs.RunFolder(run) : null;
        }

        var runFile = folder is null ? null : new FileInfo(Path.Combine(folder, RunFile.FileName));
        if (folder is null || runFile is not { Exists: true })
        {
            return [];
        }

        if (_handinPaths.TryGetValue(folder, out var had) && had.Written == runFile.LastWriteTimeUtc && had.Length == runFile.Length)
        {
            return had.Names;
        }

        var names = (RunFile.Load(folder)?.Problems ?? [])
            .Where(p => p.Student is not null && p.Path.Length > 0)
            .SelectMany(p => Path.GetFileName(p.Path.TrimEnd('/', '\\')) is var name
                ? new[] { (p.Path, p.Student!), (name, p.Student!), (Path.GetFileNameWithoutExtension(name), p.Student!) }
                : [])
            .ToArray();
        _handinPaths[folder] = (runFile.LastWriteTimeUtc, runFile.Length, names);
        return names;
    }
}
