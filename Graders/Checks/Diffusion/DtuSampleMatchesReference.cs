using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Tolerance;
using Grader.Contracts.Diffusion;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Diffusion;

/// <summary>
/// DTU 02460 week 3, ex. 3.4 (sheet 004): <c>DDPM.sample</c> — Algorithm 2 of Ho et al. with σ_t² = β_t — gives the
/// reference's samples when x_T and every z come from the grader's keyed noise source.
/// </summary>
/// <remarks>
/// <para>
/// <b>Inputs</b> (snapshot <c>diffusion/dtu-sample</c>): linear β from 1e-4 to 0.02 with T = 100 (not the sheet's 1000:
/// the grader's fixed random network is no denoiser, so over 1000 steps the chain amplifies by about 1/√ᾱ_T ≈ 157 and
/// reaches |x| ≈ 900, where float32 noise and the smallest bug are only 10× apart; at T = 100 the outputs stay near
/// |x| ≈ 9, and the smallest bug, noise added at t = 0, moves samples by up to 2.5e-2); N = 64 samples in d = 2;
/// the fixed ε-network in the DTU convention t/T.
/// </para>
/// <para>
/// <b>Tolerance</b>: <see cref="ChainTolerance"/>, four times the spread of float32 implementations the snapshot
/// stores (about 6e-4, almost all of it the posterior-mean form's float32 1 − ᾱ₀ at the last step) plus 4u·|x|.
/// </para>
/// <para>
/// <b>Diagnoses.</b> The hand-in exposes only the final samples, so a failure can't be traced to a step; instead its
/// samples are matched against the reference's with one bug put in (snapshot variants): σ² = β̃, noise added at t = 0,
/// raw t fed to the network, the sign of ε_θ flipped. How it used the noise source (x_T not from noise.Latent, noise drawn
/// at t = 0, wrong shapes or steps) is read from the source's record; which steps it took (t = 0 never reached, or
/// t = 1 … T instead of 0 … T − 1) from the time inputs the fixed network recorded.
/// </para>
/// <para>
/// <b>Feedback plot</b> (on a pass and on every failure after the samples came back with the right shape): the
/// hand-in's samples ("your samples") over the reference's ("reference samples"), equal aspect; non-finite samples are
/// left out.
/// </para>
/// </remarks>
public sealed class DtuSampleMatchesReference() : SnapshotCheck<DtuSampleSnapshot, IDtuDdpm>(
    "diffusion.dtu.sample-matches-reference",
    "sheet 004, ex. 3.4: Ho et al. (2020) Algorithm 2 with σ_t² = β_t, x_{t−1} = (x_t − β_t/√(1 − ᾱ_t)·ε_θ(x_t, t))/√α_t + σ_t·z, z = 0 at the last step",
    DiffusionSnapshots.Folder, DtuSampleSnapshot.Name)
{
    private static readonly IReadOnlyDictionary<string, string> Explanations = DiagnosisFile.Read("Diffusion", "dtu-sample");

    /// <summary>The key of the sentence naming a sampler that never reached t = 0 (read from the network's time inputs).</summary>
    public const string SkipsLastStep = SamplerSteps.SkipsLastStep;

    /// <summary>The key of the sentence naming a sampler whose steps run 1 … T instead of 0 … T − 1.</summary>
    public const string StepsOneToT = SamplerSteps.StepsOneToT;

    /// <summary>The sentences that name a known bug when the output matches its variant, by variant.</summary>
    public static IReadOnlyDictionary<string, string> Diagnoses => Explanations;

    protected override CheckResult Check(CheckContext context, HandinCall call, DtuSampleSnapshot snapshot, IDtuDdpm ddpm) => Against(call, snapshot, ddpm);

    /// <summary>Compares the hand-in's samples with the snapshot's expected ones (the approved file's, or a set-up the tutor side built live).</summary>
    public static CheckResult Against(HandinCall call, DtuSampleSnapshot snapshot, IDtuDdpm ddpm)
    {

        var schedule = snapshot.Schedule.ToNoiseSchedule();
        int T = schedule.T, n = snapshot.N, d = snapshot.D;
        int[] shape = [n, d];
        var network = snapshot.Network.Create(T);
        var noise = new RecordedNoise(snapshot.NoiseSeed);
        var what = $"Sample([{n}, {d}], schedule, network, noise)";
        if (call.Run(what, () => ddpm.Sample((int[])shape.Clone(), schedule, network, noise), out var result) is { } threw) return threw;
        var values = result is not null && result.shape.SequenceEqual(shape) ? result.ToArray() : null;
        var plots = values is null ? null : FeedbackPlots.List([SamplesOverReference(values, snapshot.Expected, T, d)]);
        if (call.Tensor(what, result, shape) is { } bad) return bad with { Plots = plots };

        var seen = values!;
        var expected = snapshot.Expected;
        var tolerance = expected.Select(v => ChainTolerance.Of(snapshot.Spread, 0, v)).ToArray();
        var (outside, worst, maxDeviation) = Compare(seen, expected, tolerance);
        var noiseProblems = noise.StepProblems(T, shape, expectLatent: true, latentShape: shape);
        if (outside.Count == 0)
        {
            var note = noiseProblems.Count > 0 ? $" (Note: {string.Join("; ", noiseProblems)}, without changing the result.)" : "";
            return CheckResult.Pass(call.CheckId,
                $"Sample matches the reference: {n} samples after T = {T} steps, largest |Δ| = {E(maxDeviation)} within the float32 tolerance {E(tolerance.Max())}.{note}", call.SheetRef) with { Plots = plots };
        }

        var diagnosis = MatchVariant([(seen, expected, tolerance, snapshot.Variants)]) is { } name ? Explanations[name] + " "
            : StepsNamed(network.TimeInputs, T) is { } steps ? Explanations[steps] + " " : "";
        var usage = noiseProblems.Count > 0 ? $"How the noise source was used: {string.Join("; ", noiseProblems)}. " : "";
        var first = outside.Min();
        var latent = new Support.KeyedNoise(snapshot.NoiseSeed).Latent(shape).ToArray();
        var message =
            $"Sample differs from the reference: expected {F(expected[worst])}, seen {F(seen[worst])} at {HandinCall.Index(worst, shape)} " +
            $"(|Δ| = {E(maxDeviation)} > tolerance {E(tolerance[worst])}; {outside.Count} of {expected.Length} values outside). {diagnosis}{usage}" +
            $"Smallest counterexample: sample {first / d}, which starts from x_T = {Row(latent, first / d, d)} and should end at {Row(expected, first / d, d)}, " +
            $"ends at {Row(seen, first / d, d)} (T = {T}, linear β from {F(snapshot.Schedule.Beta1)} to {F(snapshot.Schedule.BetaT)}). Re-read {call.SheetRef}.";
        return call.Fail(message, expected: $"{F(expected[worst])} at {HandinCall.Index(worst, shape)}", seen: F(seen[worst])) with { Plots = plots };
    }

    /// <summary>
    /// Which sentence names the steps the sampler took, read from the time inputs t/T the network received (one tensor
    /// per call): <see cref="SamplerSteps.Named"/> of t/T·T.
    /// </summary>
    public static string? StepsNamed(IReadOnlyList<float[]> timeInputs, int T)
    {
        ArgumentNullException.ThrowIfNull(timeInputs);
        return SamplerSteps.Named(timeInputs.SelectMany(v => v).Select(v => (double)v * T), T);
    }

    /// <summary>The feedback plot: the hand-in's samples over the reference's, in the first two coordinates; null when d &lt; 2.</summary>
    private static Plot? SamplesOverReference(float[] seen, float[] expected, int T, int d) =>
        d < 2
            ? null
            : FeedbackPlots.Of($"Samples x₀ after T = {T} steps: yours over the reference's (same x_T and z)", "x₁", "x₂",
                [
                    FeedbackPlots.Rows("reference samples", PlotStyle.Points, expected, d),
                    FeedbackPlots.Rows("your samples", PlotStyle.Points, seen, d),
                ], equalAspect: true);
}
