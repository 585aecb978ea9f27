using Grader.Checks.Diffusion;
using Grader.Checks.OdeSde;
using Grader.Checks.Packs;

namespace Grader.Checks.Catalog;

// The exercise packs the catalog joins with the sheets: one line per family (the tutor side registers its half, the
// hidden checks and the references, in Grader.Checks.Hidden). Graders/Checks/README.md says how to add one.
public sealed partial class CourseCatalog
{
    private static IReadOnlyList<ExercisePack> RegisteredPacks() =>
    [
        DiffusionPack.Pack,
        OdeSdePack.Pack,
    ];
}
