namespace Grader.Grading.Reports;

/// <summary>
/// Which pages of a report's PDF answer which manual item, decided in this order: the student's page map
/// (<c>Report/pages.txt</c>: lines <c>task#item: 1-2, 5</c>; '#' at the start of a line is a comment); else the item
/// keys found in each page's text (a page answers the items whose keys it carries, and a page with no key continues the
/// page before it); else every page for every item (said in the problems).
/// </summary>
public static class PageMap
{
    /// <summary>The most lines of a page map read.</summary>
    public const int MaxLines = 1000;

    /// <summary>The pages of each item (1-based, ascending), by key; an item with no pages is missing.</summary>
    /// <param name="map">The page map's text; null when none was handed in.</param>
    /// <param name="keys">The sheet's item keys.</param>
    /// <param name="texts">Each page's text (index 0 is page 1); may be shorter than <paramref name="pageCount"/>.</param>
    /// <param name="pageCount">The pages taken from the PDF.</param>
    /// <param name="problems">Where a bad line of the map, or the fallback to every page, is said.</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<int>> Assign(
        string? map, IReadOnlyList<string> keys, IReadOnlyList<string> texts, int pageCount, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(problems);
        if (pageCount == 0)
        {
            return new Dictionary<string, IReadOnlyList<int>>();
        }

        if (map is not null && Parse(map, keys, pageCount, problems) is { Count: > 0 } mapped)
        {
            return mapped;
        }

        if (FromTexts(keys, texts) is { Count: > 0 } found)
        {
            return found;
        }

        problems.Add("report.pdf names no item on its pages (and has no page map): every page is shown for every item.");
        var all = Enumerable.Range(1, pageCount).ToArray();
        return keys.ToDictionary(k => k, _ => (IReadOnlyList<int>)all, StringComparer.Ordinal);
    }

    /// <summary>The page map's lines that name a known item and valid pages; every other non-empty line is a problem.</summary>
    public static Dictionary<string, IReadOnlyList<int>> Parse(string map, IReadOnlyList<string> keys, int pageCount, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(problems);
        var result = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        var lines = map.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < Math.Min(lines.Length, MaxLines); i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            var colon = line.LastIndexOf(':');
            var key = colon < 0 ? line : line[..colon].Trim();
            if (colon < 0 || !keys.Contains(key, StringComparer.Ordinal))
            {
                problems.Add($"pages.txt line {number} does not start with an item of the sheet and a colon ('{Shown(line)}'); it was ignored.");
                continue;
            }

            var pages = Pages(line[(colon + 1)..], pageCount);
            if (pages is null)
            {
                problems.Add($"pages.txt line {number}: '{Shown(line[(colon + 1)..].Trim())}' is not a list of pages of report.pdf (1–{pageCount.ToString(CultureInfo.InvariantCulture)}, e.g. 1-2, 5); it was ignored.");
            }
            else if (pages.Count > 0)
            {
                result[key] = result.TryGetValue(key, out var earlier) ? earlier.Union(pages).Order().ToArray() : pages;
            }
        }

        return result;
    }

    /// <summary>"1-2, 5" as pages within 1..<paramref name="pageCount"/>; empty for an empty list; null when malformed or out of range.</summary>
    private static IReadOnlyList<int>? Pages(string text, int pageCount)
    {
        var pages = new SortedSet<int>();
        foreach (var part in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split(['-', '–'], StringSplitOptions.TrimEntries);
            if (ends.Length is < 1 or > 2
                || !int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(ends[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || first < 1 || last < first || last > pageCount)
            {
                return null;
            }

            for (int page = first; page <= last; page++)
            {
                pages.Add(page);
            }
        }

        return pages.ToArray();
    }

    private static Dictionary<string, IReadOnlyList<int>> FromTexts(IReadOnlyList<string> keys, IReadOnlyList<string> texts)
    {
        var pages = keys.ToDictionary(k => k, _ => new List<int>(), StringComparer.Ordinal);
        IReadOnlyList<string> current = [];
        for (int i = 0; i < texts.Count; i++)
        {
            var text = Normal(texts[i]);
            var found = keys.Where(k => Carries(text, Normal(k))).ToArray();
            if (found.Length > 0)
            {
                current = found;
            }

            foreach (var key in current)
            {
                pages[key].Add(i + 1);
            }
        }

        return pages.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => (IReadOnlyList<int>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="text"/> holds <paramref name="key"/> not followed by more of a key (so "t#a" is not found in "t#ab").</summary>
    private static bool Carries(string text, string key)
    {
        for (int at = text.IndexOf(key, StringComparison.Ordinal); at >= 0; at = text.IndexOf(key, at + 1, StringComparison.Ordinal))
        {
            var next = at + key.Length;
            if (next == text.Length || !(char.IsLetterOrDigit(text[next]) || text[next] is '-' or '_' or '/' or '#'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Text as compared with keys: lower case, every run of white space one space.</summary>
    private static string Normal(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static string Shown(string text) => Discovery.StudentName.Escape(text.Length > 80 ? text[..80] + "…" : text, keepPathSeparators: true);
}
