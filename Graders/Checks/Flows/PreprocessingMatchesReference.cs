using Grader.Checks.Flows.Snapshots;
using Grader.Contracts.Flows;

namespace Grader.Checks.Flows;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (c) (sheet 000), "the improved pre-processing of sheet 9, exercise 3": the hand-in's
/// <see cref="IEventPreprocessing"/> equals the reference's on the fixed events of snapshot <c>flows/preprocessing</c>
/// (Drell–Yan look-alike events): <c>Fit</c>'s means and standard deviations, <c>Preprocess</c>'s standardised
/// features, and <c>UndoPreprocess</c>'s events for given φ₁.
/// </summary>
/// <remarks>
/// <b>Tolerance</b> per element (stored in the snapshot by its producer): twice the first-order float32 bound of the
/// sheet's formulas at that event (pT, |p|, the logarithm near the pT cut, artanh near the η cut, the standardisation,
/// and for the inverse tanh, exp, sinh and the square roots), for the hand-in and for the reference's stored value;
/// for <c>Fit</c> the bound of a float32 sum over the training events. <b>Diagnoses</b> (the snapshot's variants): std
/// with divisor n − 1; ln pT₁ without the cut; η not mapped; no standardisation; the inverse without the 10 GeV; muon
/// 2 not back to back; the standardisation not undone.
/// </remarks>
public sealed class PreprocessingMatchesReference() : SnapshotCheck<PreprocessingSnapshot, IEventPreprocessing>(
    "flows.heidelberg.preprocessing-matches-reference",
    "sheet 000, ex. 2 (c): the improved preprocessing of sheet 9, ex. 3 (pT₁ → ln(pT₁ − 10), η → artanh(η/2.50001), standardised) and its inverse",
    FlowsSnapshots.Folder, PreprocessingSnapshot.Name)
{
    protected override CheckResult Check(CheckContext context, HandinCall call, PreprocessingSnapshot s, IEventPreprocessing preprocessing) => PreprocessingComparison.Run(call, preprocessing, s, showInputs: true)
        ?? CheckResult.Pass(Id, $"Fit, Preprocess and UndoPreprocess match the reference ({s.TrainingCount} training events, {s.EventCount} events preprocessed, {s.UndoCount} events restored) within the float32 tolerance.", SheetRef);
}
