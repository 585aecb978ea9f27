using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 000, ex. 1 (d): the claim of <see cref="DdimStepMatchesReference"/> for the deterministic DDIM step the sheet
/// asks for (η = 0), on inputs drawn from the check's seed: T ∈ [100, 400], β₁ ∈ [5e-5, 3e-4], β_T ∈ [0.01, 0.03];
/// N ∈ [6, 48] (not a visible size), d ∈ {2, 3}, x_t = s·randn with s ∈ [1, 2], z = randn (which η = 0 must ignore);
/// t ∈ {0, 1, T − 1} and three more; a fixed ε-network with a drawn seed (raw-index time). Expected: the reference's
/// step (<see cref="ReferenceDdimStep"/>) on the same inputs, computed at the run; tolerance: the visible check's bound.
/// </summary>
public sealed class DdimStepOnUnseenInputs(Func<IDdimStep>? reference = null) : UnseenStepComparison<IDdimStep>(
    "diffusion.heidelberg.ddim-step-on-unseen-inputs",
    reference ?? (() => new ReferenceDdimStep()),
    "DdimStep", "DdimStep (η = 0)", DdimStepMatchesReference.Invoke, DdimStepMatchesReference.Bound, DdimStepMatchesReference.Diagnoses,
    "the last step (code index 0) skipped, or taken with ᾱ_{t−1} = ᾱ_0 instead of 1 (diffusers' set_alpha_to_one = False): off only at t = 0")
{
    /// <summary>The set-up of one run, with the reference's deterministic step as the expected values.</summary>
    protected override StepSnapshot Draw(UnseenSetup setup, IDdimStep reference) =>
        setup.StepCases((xt, t, z, schedule, network) => (reference.DdimStep(xt, t, 0, z, schedule, network()).ToArray(), []));
}
