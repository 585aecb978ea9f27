using Grader.Checks.Diffusion.Snapshots;

namespace Grader.Checks.Flows.Snapshots;

/// <summary>
/// The visible case of the improved preprocessing (snapshot <c>flows/preprocessing</c>): <c>Fit</c> on training events,
/// <c>Preprocess</c> of other events with the expected standardisation, <c>UndoPreprocess</c> of features with given
/// φ₁; each expected output with its per-element tolerance and known wrong variants.
/// </summary>
public sealed record PreprocessingSnapshot(
    string Description,
    int TrainingCount,
    float[] TrainingEvents,
    double[] Mean,
    double[] Std,
    double[] MeanTolerance,
    double[] StdTolerance,
    IReadOnlyList<Variant> StdVariants,
    int EventCount,
    float[] Events,
    float[] Features,
    double[] FeatureTolerance,
    IReadOnlyList<Variant> FeatureVariants,
    int UndoCount,
    float[] UndoFeatures,
    float[] Phi1,
    float[] UndoEvents,
    double[] UndoTolerance,
    IReadOnlyList<Variant> UndoVariants)
{
    public const string Name = "preprocessing";
}
