using Grader.Checks.Catalog;
using Grader.Checks.Checking;

namespace Grader.Checks.Hidden;

/// <summary>
/// The tutor-side checks that need the reference solution, and the catalog with them bound in place of the
/// <see cref="DeferredCheck"/>s that declare them (same ids, weights and visibility).
/// </summary>
public static class HiddenChecks
{
    /// <summary>One instance of each hidden check, with its default settings.</summary>
    public static IReadOnlyList<ICheck> All() => [new HeidelbergVTrainingQuality(), new DtuToyDataTrainingQuality()];

    /// <summary>The full catalog for the tutor's grading and CI.</summary>
    public static CourseCatalog Bind(CourseCatalog catalog) => catalog.WithImplementations(All());
}
