using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 000/001, ex. 1 (a): the claim of <see cref="ReverseStepMatchesReference"/> — the hand-in's reverse step equals
/// the reference's for injected x_t and z — on inputs drawn from the check's seed instead of the shipped snapshot:
/// T ∈ [100, 400], β₁ ∈ [5e-5, 3e-4], β_T ∈ [0.01, 0.03]; N ∈ [6, 48] (not a visible size), d ∈ {2, 3}, x_t = s·randn
/// with s ∈ [1, 2]; t ∈ {0, 1, T − 1} and three more; a fixed ε-network with a drawn seed (raw-index time). The expected
/// values are the reference's (<see cref="ReferenceReverseStep"/>) on the same inputs, computed at the run; the
/// tolerance is the visible check's derived float32 bound. The known wrong steps (<see cref="ReverseStepVariants"/>) are
/// computed on the same inputs, so a failure names the cause the visible check names on the same bug.
/// </summary>
public sealed class ReverseStepOnUnseenInputs(Func<IReverseStep>? reference = null) : UnseenStepComparison<IReverseStep>(
    "diffusion.heidelberg.reverse-step-on-unseen-inputs",
    reference ?? (() => new ReferenceReverseStep()),
    "ReverseStep", "ReverseStep", ReverseStepMatchesReference.Invoke, ReverseStepMatchesReference.Bound, ReverseStepMatchesReference.Diagnoses,
    "the step at code index 0 (the paper's t = 1) skipped as if the chain were done: x_t returned unchanged where the sheet's step returns the posterior mean")
{
    /// <summary>The set-up of one run, with the reference's x_{t−1} as the expected values.</summary>
    protected override StepSnapshot Draw(UnseenSetup setup, IReverseStep reference) =>
        setup.StepCases((xt, t, z, schedule, network) =>
            (reference.ReverseStep(xt, t, z, schedule, network()).ToArray(), ReverseStepVariants.Of(BetaSchedule.FromBetas(schedule.Betas), network(), xt, z, t)));
}
