namespace Grader.Checks.Packs;

/// <summary>
/// Where a pack's files live. <see cref="Template"/> and <see cref="Examples"/> are relative to the repository root
/// ('/' separators); <see cref="Snapshots"/> is relative to the snapshot root (<c>fixtures/snapshots</c>, installed as
/// <c>snapshots/</c> beside the tool). The examples folder holds <c>Correct/</c>, <c>Mutants/&lt;slug&gt;/</c> (each with
/// a <c>mutant.json</c>) and optionally <c>Faulty/&lt;slug&gt;/</c>.
/// </summary>
/// <param name="Template">The skeleton a student starts from: one class per contract whose members throw.</param>
/// <param name="Examples">The correct example, the mutants and the faulty examples.</param>
/// <param name="Snapshots">The approved snapshots of the visible exact checks; null when the family has none.</param>
public sealed record PackFolders(string Template, string Examples, string? Snapshots)
{
    /// <summary><c>Submissions/Template/&lt;family&gt;</c>, <c>Submissions/Examples/&lt;family&gt;</c> and the given snapshot folder.</summary>
    public static PackFolders Standard(string family, string? snapshots) =>
        new($"Submissions/Template/{family}", $"Submissions/Examples/{family}", snapshots);

    /// <summary>The correct example hand-in.</summary>
    public string Correct => $"{Examples}/Correct";

    /// <summary>The folder of mutants, one sub-folder each.</summary>
    public string Mutants => $"{Examples}/Mutants";

    /// <summary>The folder of faulty examples, one sub-folder each.</summary>
    public string Faulty => $"{Examples}/Faulty";
}
