namespace Grader.Cli.Tests.Support;

/// <summary>
/// The type names a student repository must not mention: every type declared in the hidden checks
/// (<c>Graders/Hidden</c>) and in the reference solution (<c>Reference/Solutions</c>), in their sources and in their
/// assemblies (<see cref="SecretTypes"/>), except names the student
/// repository declares itself (a template class may share a reference class's name) and a few words of the sheets'
/// vocabulary that double as reference type names.
/// </summary>
internal static partial class ForbiddenNames
{
    /// <summary>
    /// Words of the sheets and their notebooks (FrEIA's AllInOneBlock, the KU notebooks' TrainingSetWithLogLikelihood,
    /// the mixture of Laplacians, the SDE notebook's Beta) and plain English words that name reference types too; the
    /// contracts and the visible checks use them as words ("Settings": the training parts' member, the learning rate and
    /// batch size the student chose, which the grader's loop in Grader.Remote calls).
    /// </summary>
    private static readonly HashSet<string> SheetVocabulary = new(
        ["Chequerboard", "BetaSchedule", "Posterior", "Frame", "AllInOneBlock", "TrainingSetWithLogLikelihood", "LaplaceMixture", "Beta", "Histogram", "Losses", "Settings"],
        StringComparer.Ordinal);

    public static IReadOnlySet<string> For(string assignedFolder)
    {
        var secret = DeclaredIn(Path.Combine(RepositoryRoot.Path, "Graders", "Hidden"))
            .Concat(DeclaredIn(Path.Combine(RepositoryRoot.Path, "Reference", "Solutions")))
            .Concat(SecretTypes.FullNames.Select(n => n[(n.LastIndexOf('.') + 1)..]).Select(n => n.Split('`')[0]));
        var shipped = DeclaredIn(assignedFolder).ToHashSet(StringComparer.Ordinal);
        return secret.Where(n => !shipped.Contains(n) && !SheetVocabulary.Contains(n)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Where a forbidden name occurs in <paramref name="text"/> as a word. A pack declares a hidden check by its id, a
    /// lower-case string ("diffusion.dtu.sampler-follows-oracle-law"), which names no type.
    /// </summary>
    public static IEnumerable<string> Occurrences(string text, IReadOnlySet<string> names) =>
        Word().Matches(text)
            .Where(m => names.Contains(m.Value))
            .Select(m => Line(text, m.Index));

    private static string Line(string text, int index)
    {
        var start = text.LastIndexOf('\n', index) + 1;
        var end = text.IndexOf('\n', index);
        return text[start..(end < 0 ? text.Length : end)].Trim();
    }

    private static IEnumerable<string> DeclaredIn(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Declaration().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Word();
}
