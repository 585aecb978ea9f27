using Grader.Checks.Checking;
using Grader.Checks.Results;

namespace Grader.Checks.Catalog;

/// <summary>
/// A check the catalog declares (with its weight and visibility) whose implementation lives in the tutor-side
/// assembly Grader.Checks.Hidden: every hidden check, so that its code never ships in the student's repository (and
/// the training-quality checks need the reference solution besides). <see cref="CourseCatalog.WithImplementations"/> replaces it by id; run unbound, it fails closed
/// with a message saying where it runs.
/// </summary>
public sealed class DeferredCheck(string id, string sheetRef) : ICheck
{
    public string Id { get; } = id;

    public string SheetRef { get; } = sheetRef;

    public CheckResult Run(CheckContext context) => CheckResult.Error(Id,
        $"This hidden check runs only in the tutor's grading and in CI (it needs Grader.Checks.Hidden); it was not bound here, so it scores 0.",
        SheetRef);
}
