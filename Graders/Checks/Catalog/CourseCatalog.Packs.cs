using Grader.Checks.Attention;
using Grader.Checks.Diffusion;
using Grader.Checks.Flows;
using Grader.Checks.Gan;
using Grader.Checks.Handins;
using Grader.Checks.OdeSde;
using Grader.Checks.Quickies;
using Grader.Checks.Vae;

namespace Grader.Checks.Catalog;

// The exercise packs the catalog joins with the sheets: one line per family (the tutor side registers its half, the
// hidden checks and the references, in Grader.Checks.Hidden). Graders/Checks/README.md says how to add one.
public sealed partial class CourseCatalog
{
    private static IReadOnlyList<ExercisePack> RegisteredPacks() =>
    [
        DiffusionPack.Pack,
        FlowsPack.Pack,
        AttentionPack.Pack,
        GanPack.Pack,
        QuickiesPack.Pack,
        VaePack.Pack,
        OdeSdePack.Pack,
    ];

    /// <summary>
    /// One hand-in of every family of the course: each pack's correct example under <paramref name="repositoryRoot"/>,
    /// side by side (as a student hands them in), so every contract of every sheet has an implementation.
    /// </summary>
    public HandinSource CorrectExamples(string repositoryRoot, string name = "correct") =>
        new(name, [.. Packs.SelectMany(p => HandinSource.Load(Path.Combine(repositoryRoot, p.Folders.Correct)).Files)]);
}
