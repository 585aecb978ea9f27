using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Tolerance;
using Grader.Contracts.Diffusion;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Diffusion;

/// <summary>
/// Heidelberg sheet 10, ex. 1 (c) (sheets 000 and 001): the reverse process with one noise vector per step shared by all samples
/// — noise.ForStep(t, [1, d]), or row 0 of noise.ForStep(t, [N, d]) for every sample, which the keyed source makes the
/// same vector — returns the reference's whole trajectory [T + 1, N, d], latents first, for fixed latents and the
/// grader's keyed noise.
/// </summary>
/// <remarks>
/// <para>
/// <b>Inputs</b> (snapshot <c>diffusion/same-noise-trajectory</c>): linear β from 1e-4 to 0.02 with the notebook's
/// T = 250; N = 8 latents x_T = randn([8, 2]) from a seed; the fixed ε-network, raw-index time.
/// </para>
/// <para>
/// <b>Checks</b>, in order: the shape [T + 1, N, d]; finite values; the first row equal to the latents (bit for bit); then every row against the
/// reference's, each under <see cref="ChainTolerance"/>: four times the spread of float32 implementations the snapshot
/// stores for that row, plus twice the derived float32 bound of the step from the reference's previous row. A failure names the first row that differs and the step that produced it, and how the noise source was used where that explains it (noise drawn [N, d] and used per sample; no noise at t ≥ 1; noise at t = 0).
/// Which steps the sampler took is read from the time inputs the fixed network recorded (<see cref="SamplerSteps"/>): a
/// loop that stops before t = 0, or runs over t = 1, …, T, is named (also when it shows only as a trajectory one row short).
/// </para>
/// <para>
/// <b>Feedback plots</b> (on a pass and on every failure after the trajectory came back with the right shape): five
/// trajectory frames, x_t at t = T, 3T/4, T/2, T/4 and 0, each with the hand-in's N points ("your x_t") over the
/// reference's ("reference x_t"); non-finite points are left out.
/// </para>
/// </remarks>
public sealed class SameNoiseTrajectoryMatchesReference() : SnapshotCheck<SameNoiseSnapshot, ISameNoiseSampler>(
    "diffusion.heidelberg.same-noise-trajectory-matches-reference",
    "ex. 1 (c): the notebook's p_sample_samenoise — the σ² = β̃ reverse process of 1 (a) with the identical noise for all samples",
    DiffusionSnapshots.Folder, SameNoiseSnapshot.Name)
{
    private static readonly IReadOnlyDictionary<string, string> Explanations = DiagnosisFile.Read("Diffusion", "same-noise-trajectory");

    /// <summary>The sentences that name a known bug (the steps the sampler took, from the network's time inputs), by key of <see cref="SamplerSteps"/>.</summary>
    public static IReadOnlyDictionary<string, string> Diagnoses => Explanations;

    protected override CheckResult Check(CheckContext context, HandinCall call, SameNoiseSnapshot snapshot, ISameNoiseSampler sampler) => Against(call, snapshot, sampler);

    /// <summary>Compares the hand-in's trajectory with the snapshot's rows (the approved file's, or a set-up the tutor side built live).</summary>
    public static CheckResult Against(HandinCall call, SameNoiseSnapshot snapshot, ISameNoiseSampler sampler)
    {

        var schedule = snapshot.Schedule.ToNoiseSchedule();
        int T = schedule.T, n = snapshot.N, d = snapshot.D;
        var latents = SnapshotInputs.Latents(snapshot.LatentSeed, n, d);
        var network = snapshot.Network.Create(T);
        var noise = new RecordedNoise(snapshot.NoiseSeed);
        var what = $"SampleSameNoise(latents [{n}, {d}], schedule, network, noise)";
        if (call.Run(what, () => sampler.SampleSameNoise(DiffusionSnapshots.Copy(latents), schedule, network, noise), out var result) is { } threw) return threw;

        int[] shape = [T + 1, n, d];
        var stepsKey = SamplerSteps.Named(network.TimeInputs.SelectMany(v => v).Select(v => (double)v), T);
        var steps = stepsKey is null ? "" : Explanations[stepsKey] + " ";
        if (result is not null && !result.shape.SequenceEqual(shape))
        {
            var hint = result.shape.SequenceEqual([T, n, d])
                ? $"expected the whole trajectory, T + 1 = {T + 1} states [T + 1, N, d]: the latents first, then the state after each of the T steps"
                : result.shape.SequenceEqual([n, d])
                    ? "expected the whole trajectory [T + 1, N, d] (the latents first, the samples last), not only the samples"
                    : $"expected the trajectory [T + 1, N, d] = {HandinCall.Shape(shape)}: the latents first, the samples last";
            return call.Fail($"{what} returned a tensor of shape {HandinCall.Shape(result.shape)}: {hint}. {steps}Re-read {call.SheetRef}.",
                expected: $"shape {HandinCall.Shape(shape)}", seen: $"shape {HandinCall.Shape(result.shape)}");
        }

        var data = result?.ToArray();
        var plots = data is null ? null : Frames(data, snapshot.Trajectory, T, n, d);
        CheckResult WithPlots(CheckResult r) => r with { Plots = plots };
        if (call.Tensor(what, result, shape) is { } bad) return WithPlots(bad);

        // A request [N, d] is not wrong in itself (row 0 of it, given to every sample, is the identical noise); it is
        // named only when the trajectory then differs from the reference.
        var perSample = noise.StepRequests.FirstOrDefault(r => r.shape.Length > 0 && r.shape[0] == n && n > 1);

        var rowLength = n * d;
        float[] Row(int s) => data!.AsSpan(s * rowLength, rowLength).ToArray();
        var latentValues = latents.ToArray();
        if (!Row(0).SequenceEqual(latentValues))
        {
            var reversed = Row(T).SequenceEqual(latentValues);
            return WithPlots(call.Fail(
                reversed
                    ? $"The trajectory is in reverse order: its last row holds the latents. Return the states in the order they are computed, [x_T, x_{{T−1}}, …, x_0]: the latents first, the samples last. Re-read {call.SheetRef}."
                    : $"The first row of the trajectory is not the latents: expected x_T = {ExactComparison.Row(latentValues, 0, d)}, seen {ExactComparison.Row(Row(0), 0, d)} (sample 0). The trajectory starts with the latents as given. Re-read {call.SheetRef}.",
                expected: "row 0 = the latents", seen: reversed ? "row T = the latents" : "row 0 ≠ the latents"));
        }

        int[] stepShape = noise.StepRequests.Count > 0 && noise.StepRequests.All(r => r.shape.SequenceEqual([n, d])) ? [n, d] : [1, d];
        var noiseProblems = noise.StepProblems(T, stepShape, expectLatent: false);
        var bounds = new ScheduleBounds(schedule.Betas);
        var probe = snapshot.Network.Create(T);
        var grader = new Support.KeyedNoise(snapshot.NoiseSeed);
        var maxDeviation = 0.0;
        for (var s = 1; s <= T; s++)
        {
            var expected = snapshot.Trajectory[s];
            var seen = Row(s);
            var tolerance = Tolerances(snapshot.Trajectory[s - 1], expected, snapshot.Spread[s], T - s, n, d, bounds, probe, grader);
            var (outside, worst, deviation) = Compare(seen, expected, tolerance);
            maxDeviation = Math.Max(maxDeviation, deviation);
            if (outside.Count == 0) continue;

            var t = T - s;
            var i = outside[0] / d;
            if (perSample.shape is not null)
            {
                return WithPlots(call.Fail(
                    $"SampleSameNoise drew noise.ForStep({perSample.t}, {HandinCall.Shape(perSample.shape)}) and its trajectory differs from the reference {(s == 1 ? "already after the first step" : $"after {s} steps")}: " +
                    $"a different noise vector for every sample, which is the ordinary sampler of 1 (a) again. Give all {n} samples the same noise vector at each step (e.g. noise.ForStep(t, [1, {d}]), added by broadcasting). " +
                    $"Smallest counterexample: step t = {t}, sample {i}. Re-read {call.SheetRef}.",
                    expected: "the identical noise for all samples", seen: $"noise.ForStep({perSample.t}, {HandinCall.Shape(perSample.shape)}), sample {i} off at t = {t}"));
            }

            var usage = noiseProblems.Count > 0 ? $"How the noise source was used: {string.Join("; ", noiseProblems)}. " : "";
            usage = steps + usage;
            var where = s == 1 ? "already after the first step" : $"first after {s} steps, the {Ordinal(s)} row";
            var message =
                $"The trajectory differs from the reference {where} (the step at code index t = {t}, T = {T}): expected {F(expected[worst])}, seen {F(seen[worst])} " +
                $"at {HandinCall.Index(worst, [n, d])} (|Δ| = {E(deviation)} > tolerance {E(tolerance[worst])}; {outside.Count} of {rowLength} values of that row outside). {usage}" +
                $"Smallest counterexample: sample {i} at t = {t}: from x_{{t}} = {ExactComparison.Row(snapshot.Trajectory[s - 1], i, d)} (the reference's previous state) " +
                $"expected x_{{t−1}} = {ExactComparison.Row(expected, i, d)}, seen {ExactComparison.Row(seen, i, d)}. Re-read {call.SheetRef}.";
            return WithPlots(call.Fail(message, expected: $"{F(expected[worst])} (row {s}, step t = {t})", seen: F(seen[worst])));
        }

        // The chain's tolerance at its last rows (the float32 spread grown over T steps) can exceed the size of one step at
        // t = 0; the network's record shows a skipped or shifted loop whatever the tolerance.
        if (stepsKey is not null)
            return WithPlots(call.Fail(
                $"The trajectory stays within the float32 tolerance of the reference's (largest |Δ| = {E(maxDeviation)}), but not through the steps of the reverse process: {steps}Re-read {call.SheetRef}.",
                expected: "ε̂ evaluated at the code indices T − 1, …, 0",
                seen: stepsKey == SamplerSteps.SkipsLastStep ? "no evaluation at t = 0" : "the steps 1, …, T"));

        var note = noiseProblems.Count > 0 ? $" (Note: {string.Join("; ", noiseProblems)}, without changing the result.)" : "";
        return WithPlots(CheckResult.Pass(call.CheckId,
            $"The same-noise trajectory matches the reference: shape [{T + 1}, {n}, {d}], latents first, the identical noise for all samples at each step; largest |Δ| = {E(maxDeviation)}, within the float32 tolerance.{note}",
            call.SheetRef));
    }

    /// <summary>
    /// The trajectory frames for the feedback: x_t at t = T, 3T/4, T/2, T/4 and 0 (rows 0, T/4, T/2, 3T/4 and T of the
    /// trajectory), the hand-in's N points over the reference's, in the first two coordinates; null when d &lt; 2.
    /// </summary>
    /// <param name="trajectory">The hand-in's trajectory [T + 1, N, d], flattened.</param>
    /// <param name="reference">The reference's rows.</param>
    private static IReadOnlyList<Plot>? Frames(float[] trajectory, IReadOnlyList<float[]> reference, int T, int n, int d)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(reference);
        if (d < 2) return null;
        var rowLength = n * d;
        var frames = new[] { 0, T / 4, T / 2, 3 * T / 4, T }.Distinct().Where(s => (s + 1) * rowLength <= trajectory.Length && s < reference.Count);
        return FeedbackPlots.List(frames.Select(s =>
        {
            var t = T - s;
            var which = s == 0 ? " (the latents)" : s == T ? " (the samples)" : "";
            return FeedbackPlots.Of($"Trajectory frame x_t at t = {t}{which}, after {s} of {T} steps", "x₁", "x₂",
                [
                    FeedbackPlots.Rows("reference x_t", PlotStyle.Points, reference[s], d),
                    FeedbackPlots.Rows("your x_t", PlotStyle.Points, new ArraySegment<float>(trajectory, s * rowLength, rowLength), d),
                ], equalAspect: true);
        }));
    }

    /// <summary>Per element of row s: <see cref="ChainTolerance"/> with the derived bound of the step from the reference's previous row.</summary>
    private static double[] Tolerances(float[] previous, float[] expected, double spread, int t, int n, int d, ScheduleBounds bounds,
        IEpsilonNetwork probe, Support.KeyedNoise noise)
    {
        float[] epsilonHat;
        using (torch.no_grad()) epsilonHat = probe.Forward(torch.tensor(previous, n, d), torch.full([n], t)).ToArray();
        var z = t > 0 ? noise.ForStep(t, [1, d]).ToArray() : new float[d];
        var step = StepBounds.DdpmStep(bounds, t, posteriorVariance: true);
        return expected.Select((v, i) => ChainTolerance.Of(spread, step.ErrorAt(previous[i], epsilonHat[i], z[i % d], NetworkRounding.Of(epsilonHat[i])), v)).ToArray();
    }

    private static string Ordinal(int k) => k % 100 is 11 or 12 or 13 ? $"{k}th" : (k % 10) switch { 1 => $"{k}st", 2 => $"{k}nd", 3 => $"{k}rd", _ => $"{k}th" };
}
