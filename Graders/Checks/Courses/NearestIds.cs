namespace Grader.Checks.Courses;

/// <summary>The ids nearest to a mistyped one, by edit distance, for "did you mean" messages.</summary>
public static class NearestIds
{
    /// <summary>The <paramref name="count"/> ids of <paramref name="known"/> nearest to <paramref name="id"/> (ties in ordinal order).</summary>
    public static IReadOnlyList<string> Of(string id, IEnumerable<string> known, int count = 3) =>
        known.Distinct(StringComparer.Ordinal)
            .Select(k => (Id: k, Distance: Distance(id, k)))
            .OrderBy(k => k.Distance).ThenBy(k => k.Id, StringComparer.Ordinal)
            .Take(count).Select(k => k.Id).ToArray();

    /// <summary>The Levenshtein distance: insertions, deletions and substitutions of one character.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
