using Grader.Checks.Catalog;

namespace Grader.Checks.Hidden.Catalog;

/// <summary>
/// The tutor's rubric of every manual item of the shipped courses: each item's levels with their texts (the first, full
/// marks, is the rubric: the sheet's marking scheme, or what a full answer contains), as the course files
/// (<c>courses/*.toml</c>) state them. The catalog students receive (<see cref="CourseCatalog.Default"/>) keeps only the
/// levels' points, and a student repository receives the course files stripped of these texts; <see cref="TutorCatalog.Default"/>
/// joins them back, and <c>grader rubric export</c> writes them for the tutor.
/// </summary>
public static class ManualRubrics
{
    /// <summary>Every manual item of the shipped course files as written there (rubric and levels with their texts), by task id and item id.</summary>
    public static IReadOnlyDictionary<(string Task, string Item), ManualItem> Items { get; } =
        CourseCatalog.ShippedCourses.SelectMany(c => c.Tasks).SelectMany(t => t.Manual.Select(m => (t.Id, m)))
            .ToDictionary(x => (x.Id, x.m.Id), x => x.m);

    /// <summary>The rubric of each manual item (its full-marks level's text), by task id and item id.</summary>
    public static IReadOnlyDictionary<(string Task, string Item), string> Texts { get; } =
        Items.Where(i => i.Value.Rubric is not null).ToDictionary(i => i.Key, i => i.Value.Rubric!);

    /// <summary><paramref name="catalog"/> with every manual item that has no rubric given its rubric and levels from <see cref="Items"/> (one with a rubric, from a tutor's course file, keeps it).</summary>
    public static CourseCatalog Join(CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.WithManualItems((t, m) => m.Rubric is null && Items.TryGetValue((t.Id, m.Id), out var full) && full.Points == m.Points
            ? m with { Rubric = full.Rubric, Levels = full.Levels }
            : m);
    }
}
