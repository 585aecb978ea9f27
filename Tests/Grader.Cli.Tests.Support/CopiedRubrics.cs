using System.Text.RegularExpressions;
using Grader.Checks.Hidden.Catalog;

namespace Grader.Cli.Tests.Support;

/// <summary>The tutor's rubrics (<see cref="ManualRubrics"/>) copied into a text a student receives: what the assigning and the packed tool's tests look for.</summary>
internal static partial class CopiedRubrics
{
    /// <summary>
    /// "task item" for each tutor's rubric of which <paramref name="text"/> holds at least half the runs of six words
    /// (C# string concatenations and escaped quotes undone, whitespace collapsed): a copy, whole or split, not a phrase of
    /// the sheet that a rubric quotes.
    /// </summary>
    public static IEnumerable<string> In(string text)
    {
        var present = Runs(Concatenation().Replace(text, "").Replace("\\\"", "\"", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        foreach (var ((task, item), rubric) in ManualRubrics.Texts)
        {
            var runs = Runs(rubric).ToArray();
            if (runs.Length >= 3 && runs.Count(present.Contains) * 2 >= runs.Length) yield return $"{task} {item}";
        }
    }

    /// <summary>Every run of six consecutive words of <paramref name="text"/> (words split at whitespace).</summary>
    private static IEnumerable<string> Runs(string text)
    {
        var words = Whitespace().Split(text.Trim());
        return Enumerable.Range(0, Math.Max(0, words.Length - 5)).Select(i => string.Join(' ', words, i, 6));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"""\s*\+\s*""")]
    private static partial Regex Concatenation();
}
