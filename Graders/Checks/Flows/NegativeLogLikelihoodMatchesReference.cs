using Grader.Checks.Flows.Snapshots;
using Grader.Contracts.Flows;

namespace Grader.Checks.Flows;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (d) (sheet 000), "compute these likelihoods" (and the loss of (a)): the hand-in's
/// <see cref="IFlowNegativeLogLikelihood"/> equals the reference's −log p(x) per point under the grader's flows with a
/// standard normal latent, on the fixed cases of snapshot <c>flows/negative-log-likelihood</c> (d = 1, 2, 3).
/// </summary>
/// <remarks>
/// The flows are the grader's closed-form <see cref="Support.SinhArcsinhFlow"/>s (log|det| varies from point to point).
/// <b>Tolerance</b> per point: <see cref="NegativeLogLikelihoodComparison.Tolerance"/>. <b>Diagnoses</b>: the
/// log-determinant's sign, the normalisation (d/2)·ln 2π missing, the value divided by d, ‖z‖² without the ½, log p for
/// −log p, the batch mean.
/// </remarks>
public sealed class NegativeLogLikelihoodMatchesReference() : SnapshotCheck<NegativeLogLikelihoodSnapshot, IFlowNegativeLogLikelihood>(
    "flows.heidelberg.negative-log-likelihood-matches-reference",
    "sheet 000, ex. 2 (a), (d): the flow's likelihood by the change of variables, −log p(x) = −log p_z(f(x)) − log|det ∂f/∂x| with p_z = N(0, I)",
    FlowsSnapshots.Folder, NegativeLogLikelihoodSnapshot.Name)
{
    protected override CheckResult Check(CheckContext context, HandinCall call, NegativeLogLikelihoodSnapshot snapshot, IFlowNegativeLogLikelihood nll)
    {
        var calls = snapshot.Cases.Select(c => new NegativeLogLikelihoodCall(c.Flow, c.X, c.Expected, c.Tolerance, c.Variants)).ToList();
        return NegativeLogLikelihoodComparison.Run(call, nll, calls, showInputs: true)
            ?? CheckResult.Pass(Id, $"NegativeLogLikelihood matches the reference on {calls.Count} flows ({calls.Sum(c => c.Expected.Length)} points) within the float32 tolerance.", SheetRef);
    }
}
