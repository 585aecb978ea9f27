namespace Grader.Web;

/// <summary>Blind grading on the desk (<see cref="GradingDesk.Blind"/>): the logged reveals of names, and one <see cref="SheetNaming"/> per sheet and tutor, read by every tutor page.</summary>
public sealed class DeskNaming
{
    private readonly GradingDesk _desk;

    internal DeskNaming(GradingDesk desk) => _desk = desk;

    /// <summary>True when <paramref name="tutor"/>'s last reveal on <paramref name="sheet"/> showed the names (hidden by default).</summary>
    public bool NamesShown(string sheet, string tutor)
    {
        using (_desk.Hold())
        {
            return _desk.Gradebook.Audit.NameReveals(sheet).LastOrDefault(r => r.Tutor == tutor) is { Tutor: not null } last && last.Shown;
        }
    }

    /// <summary>
    /// Shows (or hides) the students' names on <paramref name="sheet"/>'s grading pages for <paramref name="tutor"/>:
    /// logged; false (nothing logged) when they already were (a form read before another tab's reveal).
    /// </summary>
    public bool RevealNames(string sheet, string tutor, bool shown)
    {
        using (_desk.Hold())
        {
            return _desk.Gradebook.Audit.RevealNames(sheet, tutor, shown);
        }
    }

    /// <summary>Every reveal and hiding of names on the sheet, oldest first.</summary>
    public IReadOnlyList<(string Tutor, bool Shown, string Entered)> NameReveals(string sheet)
    {
        using (_desk.Hold())
        {
            return _desk.Gradebook.Audit.NameReveals(sheet);
        }
    }

    /// <summary>
    /// How <paramref name="tutor"/>'s pages name the students of <paramref name="sheet"/> (<see cref="SheetNaming"/>):
    /// shown after their logged reveal, else pseudonyms; the names it rewrites are the course's students, its groups,
    /// the sheet's hand-ins, and their folders' names and paths as the run's problems quote them.
    /// </summary>
    public SheetNaming Naming(string sheet, string tutor)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var shown = NamesShown(sheet, tutor);
        var roster = _desk.Roster(sheet);
        var names = _desk.Students(sheet).Select(s => (s, s))
            .Concat((_desk.Course.Semester?.Students ?? []).Select(s => (s, s)))
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
        using (_desk.Hold())
        {
            folder = _desk.Gradebook.Runs.LatestRun(sheet) is { } run ? _desk.Gradebook.Runs.RunFolder(run) : null;
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
