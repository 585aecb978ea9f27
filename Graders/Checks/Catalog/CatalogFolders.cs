namespace Grader.Checks.Catalog;

/// <summary>Where the packs' folders are, for the validator's rules that read them.</summary>
/// <param name="Repository">The repository root the packs' template and examples folders are relative to.</param>
/// <param name="Snapshots">The snapshot root the packs' snapshot folders are relative to (<c>fixtures/snapshots</c>).</param>
public sealed record CatalogFolders(string Repository, string Snapshots)
{
    /// <summary>The repository's own layout: snapshots in <c>fixtures/snapshots</c>.</summary>
    public static CatalogFolders Of(string repository) => new(repository, Path.Combine(repository, "fixtures", "snapshots"));
}
