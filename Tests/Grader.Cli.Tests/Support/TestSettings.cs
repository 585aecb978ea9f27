namespace Grader.Cli.Tests.Support;

/// <summary>Grading settings for tests: one assignment of a catalog (default: the tutor's), the repository's snapshots.</summary>
internal static class TestSettings
{
    public static string Snapshots => Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots");

    public static GradeSettings For(string sheet, ulong seed = 7, bool visibleOnly = false, IEnumerable<string>? leftOut = null, WorkerLimits? limits = null, CourseCatalog? catalog = null)
    {
        catalog ??= CommonOptions.Catalog;
        var assignment = catalog.FindAssignment(sheet) ?? throw new ArgumentException($"no sheet {sheet}", nameof(sheet));
        return new GradeSettings(
            new GradingConfig(catalog, assignment, seed, visibleOnly, (leftOut ?? []).ToHashSet(StringComparer.Ordinal), Snapshots),
            limits ?? WorkerLimits.Default);
    }
}
