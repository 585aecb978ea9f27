namespace Grader.Grading.Discovery;

/// <summary>
/// Which assignment a run over folders of hand-ins grades, for every verb: <c>--sheet</c> when given; else the
/// <see cref="AssignmentFile"/>s that name it, the one in (or beside) each folder and those of the student repositories
/// in it (<see cref="StudentRepositoryFolder"/>), which must all agree; else the catalog's only one.
/// </summary>
public static class CohortAssignment
{
    /// <summary>How many repositories a disagreement names per sheet before it says "and N more".</summary>
    private const int NamesShown = 3;

    /// <summary>The assignment; see the type.</summary>
    /// <exception cref="AssignmentFileException">Nothing says which and the catalog has several, the files disagree (one message counting them per sheet), or one is malformed.</exception>
    public static Assignment Resolve(string? sheet, IEnumerable<string> folders, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var given = folders.ToArray();
        var repositories = given.Where(Directory.Exists).SelectMany(StudentRepositoryFolder.AssignmentFiles).ToArray();
        if (sheet is not null || repositories.Length == 0)
        {
            return AssignmentFile.Resolve(sheet, given, catalog);
        }

        var files = given.Select(AssignmentFile.Find).OfType<string>().Concat(repositories).Distinct(StringComparer.Ordinal)
            .Select(path => (Path: path, Assignment: AssignmentFile.Read(path, catalog)))
            .ToArray();
        var bySheet = files.GroupBy(f => f.Assignment.Id, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
        if (bySheet.Length > 1)
        {
            var parts = bySheet.Select(g => $"sheet {g.Key} in {g.Count()} ({Names(g.Select(f => f.Path).ToArray())})");
            throw new AssignmentFileException(
                $"The {AssignmentFile.FileName} files of the hand-ins disagree: {string.Join("; ", parts)}. A run grades one assignment: move the others out, or give --sheet.");
        }

        return bySheet[0].First().Assignment;
    }

    private static string Names(string[] paths)
    {
        var shown = paths.Take(NamesShown).Select(p => Path.GetFileName(Path.GetDirectoryName(p)) + "/" + AssignmentFile.FileName);
        return string.Join(", ", shown) + (paths.Length > NamesShown ? $" and {paths.Length - NamesShown} more" : "");
    }
}
