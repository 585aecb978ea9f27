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

    /// <summary>Each path the sheet's latest run's problems quote, its folder's name and that name without its extension, with the hand-in it is.</summary>
    private IEnumerable<(string Text, string Student)> HandinPaths(string sheet)
    {
        string? folder;
        using (Hold())
        {
            folder = _gradebook.LatestRun(sheet) is { } run ? _gradebook.RunFolder(run) : null;
        }

        var file = folder is null || !Directory.Exists(folder) ? null : RunFile.Load(folder);
        foreach (var problem in (file?.Problems ?? []).Where(p => p.Student is not null && p.Path.Length > 0))
        {
            var name = Path.GetFileName(problem.Path.TrimEnd('/', '\\'));
            yield return (problem.Path, problem.Student!);
            yield return (name, problem.Student!);
            yield return (Path.GetFileNameWithoutExtension(name), problem.Student!);
        }
    }
}
