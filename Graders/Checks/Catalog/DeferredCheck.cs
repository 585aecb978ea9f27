namespace Grader.Checks.Catalog;

/// <summary>
/// A hidden check as a pack declares it: only its id and sheet reference, so its code never ships to students. Its
/// implementation is tutor-side (Grader.Checks.Hidden); <see cref="CourseCatalog.WithTutorPacks"/> replaces it by id.
/// Run unbound, it fails closed with a message saying where it runs.
/// </summary>
public sealed class DeferredCheck(string id, string sheetRef) : ICheck
{
    public string Id { get; } = id;

    public string SheetRef { get; } = sheetRef;

    public CheckResult Run(CheckContext context) => CheckResult.Error(Id,
        $"This hidden check runs only in the tutor's grading and in CI (it needs Grader.Checks.Hidden); it was not bound here, so it scores 0.",
        SheetRef);

    /// <summary>
    /// The sheet reference the registered packs (<see cref="CourseCatalog.Default"/>) declare for hidden check
    /// <paramref name="id"/>: a hidden check's implementation states only its id and cites the declaration, so that the
    /// words a student reads before grading (the pack) and in the feedback (the check's messages) are one statement.
    /// </summary>
    /// <exception cref="InvalidOperationException">No registered pack declares <paramref name="id"/>.</exception>
    public static string SheetRefOf(string id) => Declared.Value.TryGetValue(id, out var sheetRef)
        ? sheetRef
        : throw new InvalidOperationException($"No registered pack declares the hidden check '{id}': declare it in its family's pack with CheckSpec.Hidden(\"{id}\", sheetRef), or give the check its sheet reference.");

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Declared = new(() => CourseCatalog.Default.Packs
        .SelectMany(p => p.Checks).Select(c => c.Check).OfType<DeferredCheck>()
        .DistinctBy(c => c.Id, StringComparer.Ordinal)
        .ToDictionary(c => c.Id, c => c.SheetRef, StringComparer.Ordinal));
}
