using System.IO.Hashing;
using Grader.Grading.Reports;
using Grader.Semester.Similarity;

namespace Grader.Web;

/// <summary>
/// Groups the students' answers to one item that are near-identical, so a tutor scores them once (Gradescope's answer
/// groups). Two written answers are one group when their texts are equal after folding case and whitespace, or when they
/// are long enough to carry <see cref="MinFingerprints"/> winnowed fingerprints (the similarity code's
/// <see cref="Winnowing"/>, over words instead of code tokens) and share at least <see cref="Threshold"/> of them
/// (Jaccard). Texts are compared by their <see cref="Key"/>: folded case, whitespace and the punctuation around words,
/// without the connectives and articles of <see cref="Connectives"/> — so one-line answers that differ only by "so",
/// "hence" or "the" are one group, and ones that differ by any other word ("not") are not.
/// An answer made of pages, an empty one and a missing one are never grouped: nothing says they agree.
/// A group is shown by its earliest hand-in (<see cref="Order"/>): a copier never stands in front of the original by name;
/// the groups follow one another in a stable shuffle per item (<see cref="Shuffle"/>).
/// </summary>
public static class AnswerGroups
{
    /// <summary>Runs of 4 words, windows of 3: a word changed in a long answer costs at most 6 of its fingerprints.</summary>
    public static readonly Winnowing Words = new(4, 3);

    /// <summary>The share of fingerprints two answers must share to be one group.</summary>
    public const double Threshold = 0.8;

    /// <summary>Fewer fingerprints than this (about a dozen words): only equal texts are grouped.</summary>
    public const int MinFingerprints = 8;

    /// <summary>
    /// The groups of <paramref name="answers"/>, given in the order they are shown (<see cref="Order"/>): each group's
    /// students in that order, the first one's answer shown; the groups in the order of their first students.
    /// </summary>
    public static IReadOnlyList<AnswerGroup> Of(IReadOnlyList<(string Student, ReportAnswer? Answer)> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var ordered = answers.ToArray();
        var keys = ordered.Select(a => a.Answer is { Pages.Count: 0 } answer ? Key(answer.Text) : "").ToArray();
        var parent = Enumerable.Range(0, ordered.Length).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        void Join(int a, int b) => parent[Math.Max(Root(a), Root(b))] = Math.Min(Root(a), Root(b));

        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var prints = new List<(int Index, HashSet<ulong> Prints)>();
        for (int i = 0; i < ordered.Length; i++)
        {
            if (keys[i].Length == 0)
            {
                continue;
            }

            if (first.TryGetValue(keys[i], out var same))
            {
                Join(same, i);
                continue;
            }

            first[keys[i]] = i;
            // Long answers are compared by all their words (a connective is a word of a sentence there).
            var fingerprints = Words.Fingerprints(Hashes(Normalise(ordered[i].Answer!.Text))).Keys.ToHashSet();
            if (fingerprints.Count >= MinFingerprints)
            {
                foreach (var (other, _) in prints.Where(p => Jaccard(p.Prints, fingerprints) >= Threshold))
                {
                    Join(other, i);
                }

                prints.Add((i, fingerprints));
            }
        }

        return Enumerable.Range(0, ordered.Length).GroupBy(Root)
            .Select(g => new AnswerGroup(ordered[g.First()].Answer, g.Select(i => ordered[i].Student).ToArray()))
            .ToArray();
    }

    /// <summary>
    /// <paramref name="students"/> in the order their answers are shown: earliest hand-in first (<paramref name="handedIn"/>:
    /// the time the late policy counts from, which the student cannot set); those with the same time or none in a stable
    /// pseudo-random order (a hash of <paramref name="salt"/> and the name), never alphabetically.
    /// </summary>
    public static IReadOnlyList<string> Order(IEnumerable<string> students, Func<string, DateTimeOffset?> handedIn, string salt)
    {
        ArgumentNullException.ThrowIfNull(students);
        ArgumentNullException.ThrowIfNull(handedIn);
        return students
            .OrderBy(s => handedIn(s) ?? DateTimeOffset.MaxValue)
            .ThenBy(s => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{salt}\0{s}")))
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// Words that join or introduce a statement without changing what it says: left out of <see cref="Key"/>. Negations,
    /// quantifiers and every word of content stay.
    /// </summary>
    public static readonly IReadOnlySet<string> Connectives = new HashSet<string>(
        ["so", "hence", "thus", "therefore", "then", "consequently", "i.e.", "ie", "the", "a", "an"], StringComparer.Ordinal);

    /// <summary>
    /// What two answers must share to be equal: <see cref="Normalise"/>d words with the punctuation at their ends
    /// (<c>.,;:!?</c>) dropped and without <see cref="Connectives"/>; the normalised text when nothing else is left.
    /// </summary>
    public static string Key(string? text)
    {
        var normalised = Normalise(text);
        var words = normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !Connectives.Contains(w))
            .Select(w => w.Trim('.', ',', ';', ':', '!', '?'))
            .Where(w => w.Length > 0 && !Connectives.Contains(w))
            .ToArray();
        return words.Length > 0 ? string.Join(' ', words) : normalised;
    }

    /// <summary>
    /// The groups in a stable shuffle of <paramref name="salt"/> (the sheet and item): ordered by a hash of the salt and
    /// each group's first student, so the same on every load, different from item to item, and never by name.
    /// </summary>
    public static IReadOnlyList<AnswerGroup> Shuffle(IReadOnlyList<AnswerGroup> groups, string salt)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return groups
            .OrderBy(g => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"shuffle\0{salt}\0{g.Students[0]}")))
            .ThenBy(g => g.Students[0], StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The text with case folded and every run of whitespace one space, trimmed.</summary>
    public static string Normalise(string? text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static int[] Hashes(string normalised) =>
        normalised.Split(' ').Select(w => (int)XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(w))).ToArray();

    private static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        int shared = a.Count(b.Contains);
        return shared / (double)(a.Count + b.Count - shared);
    }
}
