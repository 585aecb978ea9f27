namespace Grader.Web;

/// <summary>
/// Which key gives which of an item's buttons (<see cref="SheetItem.Levels"/>, highest first). Where the keys can be
/// the points — every level a multiple of half a point from 0 to 9.5, no two alike — a digit gives that many points
/// (<c>2</c> gives 2, <c>0</c> gives 0) and Shift with a digit half a point more (<c>Shift+1</c> gives 1.5); the key is
/// written "2" and "+1". Otherwise (quarter points, more than 9.5) a digit is the button's place, 1–9 and 0 for the
/// tenth, and the page says so.
/// </summary>
public static class LevelKeys
{
    /// <summary>True when the item's keys are its points.</summary>
    public static bool ArePoints(IReadOnlyList<RubricLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return levels.Count > 0
            && levels.All(l => l.Points >= 0 && l.Points <= 9.5 && l.Points * 2 == Math.Floor(l.Points * 2))
            && levels.Select(l => l.Points).Distinct().Count() == levels.Count;
    }

    /// <summary>The key of every level, in the levels' order: "2", "+1" (Shift+1: 1.5 points), or "" for a level no key reaches.</summary>
    public static IReadOnlyList<string> Of(IReadOnlyList<RubricLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return ArePoints(levels)
            ? levels.Select(l => (l.Points == Math.Floor(l.Points) ? "" : "+") + ((int)Math.Floor(l.Points)).ToString(CultureInfo.InvariantCulture)).ToArray()
            : levels.Select((_, l) => l < 9 ? $"{l + 1}" : l == 9 ? "0" : "").ToArray();
    }

    /// <summary>How a key is shown on its button: "2", "⇧1".</summary>
    public static string Shown(string key) => key.StartsWith('+') ? "⇧" + key[1..] : key;
}
