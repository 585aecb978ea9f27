using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Tolerance;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion;

/// <summary>
/// Heidelberg sheet 10, ex. 1 (d) (sheets 000 and 001): one DDIM step, x_{t−1} = √ᾱ_{t−1}·x̂₀ + √(1 − ᾱ_{t−1} − σ_t²)·ε̂ + σ_t·z with
/// σ_t = η·√((1 − ᾱ_{t−1})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t−1}) and ᾱ_{−1} = 1, equals the reference's for injected x_t and z.
/// The sheet asks for the deterministic DDIM (η = 0), which carries the task's points; the steps with η &gt; 0 are a
/// separate, lightly weighted check (<see cref="DdimStepMatchesReference(bool)"/> with <c>withNoise: true</c>, id
/// suffix <c>.eta</c>).
/// </summary>
/// <remarks>
/// <para>
/// <b>Inputs</b> (snapshot <c>diffusion/ddim-step</c>): linear β from 1e-4 to 0.02 with T = 250; t ∈ {0, 1, 10, 100, 249}
/// × η ∈ {0, 0.5, 1}; N = 16 points in d = 2, x_t = 1.5·randn, z = randn; the fixed ε-network, raw-index time.
/// </para>
/// <para>
/// <b>Tolerance</b>, per element: twice the float32 error bound of the step over its two x̂₀ forms
/// (<see cref="StepBounds.DdimStep"/>), plus u·|x_{t−1}|.
/// </para>
/// <para>
/// <b>Diagnoses</b> (snapshot variants): η ignored (always the deterministic step); DDIM's α read as DDPM's α = 1 − β
/// instead of ᾱ; σ = η·√ratio·(1 − ᾱ_t/ᾱ_{t−1}) (a square root missing, common in secondary sources); ᾱ_{−1} = ᾱ₀
/// instead of 1 at the last step. From the network's record: a step that at t = 0 never evaluated the network or returned
/// x_t unchanged (the last step skipped).
/// </para>
/// </remarks>
/// <param name="withNoise">False: the snapshot's deterministic steps (η = 0), the sheet's task. True: its steps with η &gt; 0 (an extension of the sheet).</param>
public sealed class DdimStepMatchesReference(bool withNoise = false) : HandinCheck<IDdimStep>(
    withNoise ? "diffusion.heidelberg.ddim-step-matches-reference.eta" : "diffusion.heidelberg.ddim-step-matches-reference",
    withNoise
        ? "ex. 1 (d), beyond the sheet: the DDIM step with η > 0, Song, Meng and Ermon (2021) eq. (12) with σ_t(η) from eq. (16), in DDPM's ᾱ notation, ᾱ_{−1} = 1"
        : "ex. 1 (d): the deterministic DDIM step, Song, Meng and Ermon (2021) eq. (12) with σ_t = 0 (η = 0), in DDPM's ᾱ notation, ᾱ_{−1} = 1"), ISnapshotReader
{
    public IReadOnlyList<string> Snapshots { get; } = [Grader.Checks.Snapshots.SnapshotFile.RelativePathOf(DiffusionSnapshots.Folder, StepSnapshot.DdimStepName)];

    private static readonly IReadOnlyDictionary<string, string> Explanations = DiagnosisFile.Read("Diffusion", "ddim-step");

    private readonly bool _withNoise = withNoise;

    protected override CheckResult Check(CheckContext context, HandinCall call, IDdimStep ddim) =>
        StepComparison.Read(context, call, StepSnapshot.DdimStepName, out var snapshot)
        ?? StepComparison.Run(call, snapshot, "DdimStep", withEta: _withNoise, Invoke(ddim), Bound, Explanations, c => (c.Eta > 0) == _withNoise);

    /// <summary>How the comparison calls the hand-in's step.</summary>
    public static Func<Tensor, int, double, Tensor, NoiseSchedule, IEpsilonNetwork, Tensor> Invoke(IDdimStep ddim) =>
        (xt, t, eta, z, schedule, network) => ddim.DdimStep(xt, t, eta, z, schedule, network);

    /// <summary>The per-element float32 bound of one case.</summary>
    public static AffineBound Bound(ScheduleBounds bounds, StepCase c) => StepBounds.DdimStep(bounds, c.Step, c.Eta);

    /// <summary>The diagnoses of the snapshot's variants, by name.</summary>
    public static IReadOnlyDictionary<string, string> Diagnoses => Explanations;
}
