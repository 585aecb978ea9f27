
namespace Grader.Checks.Flows.Snapshots;

/// <summary>
/// A case of the improved preprocessing, the visible one (snapshot <c>flows/preprocessing</c>) or one the tutor side
/// draws for a run: <c>Fit</c> on training events, <c>Preprocess</c> of other events with the expected standardisation,
/// <c>UndoPreprocess</c> of features with given φ₁; each expected output with its per-element tolerance and known wrong
/// variants. <see cref="PreprocessingComparison"/> runs its calls on a hand-in; <c>Preprocess</c> and
/// <c>UndoPreprocess</c> are given the expected standardisation, so a fault of <c>Fit</c> costs only its own comparison.
/// </summary>
/// <param name="Description">What the case is.</param>
/// <param name="TrainingCount">n, the training events.</param>
/// <param name="TrainingEvents">Input of <c>Fit</c>, [n, 8] flattened.</param>
/// <param name="Mean">Expected means (3).</param>
/// <param name="Std">Expected standard deviations (3).</param>
/// <param name="MeanTolerance">Per mean.</param>
/// <param name="StdTolerance">Per standard deviation.</param>
/// <param name="StdVariants">Standard deviations with one named bug put in.</param>
/// <param name="EventCount">m, the events preprocessed.</param>
/// <param name="Events">Input of <c>Preprocess</c>, [m, 8] flattened.</param>
/// <param name="Features">Expected features, [m, 3] flattened.</param>
/// <param name="FeatureTolerance">Per feature.</param>
/// <param name="FeatureVariants">Features with one named bug put in.</param>
/// <param name="UndoCount">k, the events restored.</param>
/// <param name="UndoFeatures">Input of <c>UndoPreprocess</c>, [k, 3] flattened.</param>
/// <param name="Phi1">φ₁ per event of <c>UndoPreprocess</c>, [k].</param>
/// <param name="UndoEvents">Expected events, [k, 8] flattened.</param>
/// <param name="UndoTolerance">Per event entry.</param>
/// <param name="UndoVariants">Events with one named bug put in.</param>
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
