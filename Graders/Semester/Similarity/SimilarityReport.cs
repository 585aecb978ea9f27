namespace Grader.Semester.Similarity;

/// <summary>
/// The similarity of every pair of a sheet's hand-ins (MOSS's method on Roslyn's normalised tokens,
/// <see cref="CodeTokens"/> and <see cref="Winnowing"/>): the fingerprints of the template the students started from
/// are left out, so code every student was given never counts; pairs are ranked by the share of the smaller hand-in's
/// fingerprints they share, with the matching lines of both. A high score is a reason to look, not a verdict.
/// </summary>
/// <param name="Pairs">Every pair, highest score first.</param>
/// <param name="Sources">The hand-ins compared, by student.</param>
/// <param name="Threshold">The score from which a pair is flagged for a tutor to look at.</param>
public sealed record SimilarityReport(IReadOnlyList<SimilarPair> Pairs, IReadOnlyDictionary<string, HandinSource> Sources, double Threshold)
{
    /// <summary>The score from which a pair is flagged (see the Similarity README for the measurement behind it).</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>The files left out of the comparison, one line each (<c>student: path: reason</c>; the template's as <c>template: …</c>).</summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    /// <summary>The pairs at or above <see cref="Threshold"/>.</summary>
    public IReadOnlyList<SimilarPair> Flagged => Pairs.Where(p => p.Score >= Threshold).ToArray();

    /// <summary>
    /// Compares every pair of <paramref name="handins"/> (by student), leaving out what <paramref name="template"/> holds.
    /// With <paramref name="groupOf"/> (a group course, issue 68: each hand-in's group id, or null for a student alone), two
    /// hand-ins of one group are one group's work and never a pair: groups are compared with groups.
    /// </summary>
    public static SimilarityReport Compare(IReadOnlyDictionary<string, HandinSource> handins, HandinSource? template, Winnowing winnowing, double threshold = DefaultThreshold, Func<string, string?>? groupOf = null)
    {
        ArgumentNullException.ThrowIfNull(handins);
        ArgumentNullException.ThrowIfNull(winnowing);
        var templateTokens = template is null ? null : CodeTokens.Of(template);
        var given = templateTokens is null ? [] : winnowing.Hashes(templateTokens.Kinds).ToHashSet();
        var students = handins.Keys.Order(StringComparer.Ordinal).ToArray();
        var tokens = students.ToDictionary(s => s, s => CodeTokens.Of(handins[s]), StringComparer.Ordinal);
        var prints = students.ToDictionary(
            s => s,
            s => winnowing.Fingerprints(tokens[s].Kinds).Where(f => !given.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value),
            StringComparer.Ordinal);
        var pairs = new List<SimilarPair>();
        for (int i = 0; i < students.Length; i++)
        {
            for (int j = i + 1; j < students.Length; j++)
            {
                var (a, b) = (students[i], students[j]);
                if (groupOf?.Invoke(a) is { } group && string.Equals(group, groupOf(b), StringComparison.Ordinal))
                {
                    continue;
                }

                var shared = prints[a].Keys.Where(prints[b].ContainsKey).ToArray();
                int smaller = Math.Min(prints[a].Count, prints[b].Count);
                double score = smaller == 0 ? 0 : (double)shared.Length / smaller;
                pairs.Add(new SimilarPair(a, b, score, shared.Length,
                    Lines(handins[a], tokens[a], shared.SelectMany(h => prints[a][h]), winnowing.K),
                    Lines(handins[b], tokens[b], shared.SelectMany(h => prints[b][h]), winnowing.K)));
            }
        }

        return new SimilarityReport(
            [.. pairs.OrderByDescending(p => p.Score).ThenBy(p => p.A, StringComparer.Ordinal).ThenBy(p => p.B, StringComparer.Ordinal)],
            handins, threshold)
        {
            Unread = [.. (templateTokens?.Unread ?? []).Select(u => $"template: {u}"), .. students.SelectMany(s => tokens[s].Unread.Select(u => $"{s}: {u}"))],
        };
    }

    private static Dictionary<string, SortedSet<int>> Lines(HandinSource source, CodeTokens tokens, IEnumerable<int> starts, int k)
    {
        var lines = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var start in starts)
        {
            for (int t = start; t < Math.Min(tokens.Count, start + k); t++)
            {
                var path = source.Files[tokens.Files[t]].Path;
                if (!lines.TryGetValue(path, out var set))
                {
                    lines[path] = set = [];
                }

                set.Add(tokens.Lines[t]);
            }
        }

        return lines;
    }
}
