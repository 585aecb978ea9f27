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
}
