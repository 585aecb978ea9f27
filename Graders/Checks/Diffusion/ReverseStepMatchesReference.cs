using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Tolerance;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion;

/// <summary>
/// Heidelberg sheet 10, ex. 1 (a) (sheets 000 and 001): one step of the notebook's reverse process — the posterior mean
/// μ̃_t(x_t, x̂₀) with x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂ (not clipped) and σ_t² = β̃_t, no noise at t = 0 — equals the
/// reference's for injected x_t and z.
/// </summary>
/// <remarks>
/// <para>
/// <b>Inputs</b> (snapshot <c>diffusion/reverse-step</c>): the notebook's schedule, linear β from 1e-4 to 0.02 with
/// T = 250; t ∈ {0, 1, 2, 10, 100, 249}; N = 16 points in d = 2 with x_t = 1.5·randn (so x̂₀ leaves [−1, 1] and
/// clipping shows) and z = randn; the fixed ε-network in the raw-index convention.
/// </para>
/// <para>
/// <b>Tolerance</b>, per element: twice the float32 error bound of the step over its three algebraic forms
/// (<see cref="StepBounds.DdpmStep"/>), at the element's |x_t|, |ε̂| and |z|, plus u·|x_{t−1}|. At t = 0 the bound is
/// dominated by 1 − ᾱ₀ = β₀ computed in float32 (relative error ≈ u/β₀ ≈ 6e-4).
/// </para>
/// <para>
/// <b>Diagnoses</b> (snapshot variants): σ² = β instead of β̃ (visible at small t: β̃/β = 0.45 at t = 1, 0.86 at
/// t = 10, but → 1 at large t); x̂₀ clipped to [−1, 1]; x̂₀ from ᾱ_{t−1} (off by one); noise √β₀·z added at t = 0.
/// (Noise added at t = 0 with the notebook's σ₀² = β̃₀ = 0 changes nothing, and is not a failure.) The time the hand-in
/// passed to the network is read from the network's record, and so is a step that at t = 0 never evaluated the network
/// or returned x_t unchanged (the last step skipped).
/// </para>
/// </remarks>
public sealed class ReverseStepMatchesReference() : HandinCheck<IReverseStep>(
    "diffusion.heidelberg.reverse-step-matches-reference",
    "ex. 1 (a): the notebook's p_sample — Ho et al. (2020) eqs. (6), (7) and (15): μ̃_t with x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂, σ_t² = β̃_t, no noise at t = 0"), ISnapshotReader
{
    public IReadOnlyList<string> Snapshots { get; } = [Grader.Checks.Snapshots.SnapshotFile.RelativePathOf(DiffusionSnapshots.Folder, StepSnapshot.ReverseStepName)];

    private static readonly IReadOnlyDictionary<string, string> Explanations = DiagnosisFile.Read("Diffusion", "reverse-step");

    protected override CheckResult Check(CheckContext context, HandinCall call, IReverseStep step) =>
        StepComparison.Read(context, call, StepSnapshot.ReverseStepName, out var snapshot)
        ?? StepComparison.Run(call, snapshot, "ReverseStep", withEta: false, Invoke(step), Bound, Explanations);

    /// <summary>How the comparison calls the hand-in's step.</summary>
    public static Func<Tensor, int, double, Tensor, NoiseSchedule, IEpsilonNetwork, Tensor> Invoke(IReverseStep step) =>
        (xt, t, _, z, schedule, network) => step.ReverseStep(xt, t, z, schedule, network);

    /// <summary>The per-element float32 bound of one case.</summary>
    public static AffineBound Bound(ScheduleBounds bounds, StepCase c) => StepBounds.DdpmStep(bounds, c.Step, posteriorVariance: true);

    /// <summary>The diagnoses of the snapshot's variants, by name.</summary>
    public static IReadOnlyDictionary<string, string> Diagnoses => Explanations;
}
