using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 000, ex. 1 (c) (task 000/1c/same-noise): in the reverse process with shared noise, samples that start from
/// the same latent stay identical, and the difference between two samples does not depend on the noise at all.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up.</b> T = 250, β linear 1e-4 … 0.02; the ε-network is the exact predictor of data
/// N((0.5, −0.5), diag(0.25, 1)) (<see cref="LinearGaussianOracle"/>, raw integer t), which is affine in x_t. Latents
/// [A; A] with A four points drawn from N(0, I₂), so rows i and i + 4 are identical. The hand-in's
/// <c>SampleSameNoise</c> runs twice, with two noise sources of different seeds (both from the grading seed).
/// </para>
/// <para>
/// <b>Claims</b> (each deterministic: the false-fail probability is 0 up to the float32 tolerance below):
/// <list type="number">
/// <item><description>Identical latents give identical trajectories, in both runs: with one noise vector per step,
/// the step is the same function for every sample.</description></item>
/// <item><description>Sample differences are independent of the noise: with an affine ε̂ every step is
/// x ← c_t x + o_t + σ_t ξ_t with ξ_t shared, so x_i − x_0 ← c_t (x_i − x_0) whatever ξ_t is; the differences of run 1
/// and run 2 must agree at every step.</description></item>
/// <item><description>The noise is used: the two runs differ somewhere (|x¹ − x²| above 100 × the tolerance). Under a
/// correct sampler the runs differ by Σ_t (Π c) σ_t (ξ¹_t − ξ²_t), a Gaussian with standard deviation ≳ 0.1 at each of
/// 249 noisy steps, so this fails a correct hand-in with probability &lt; 1e-300.</description></item>
/// </list>
/// The tolerance is <see cref="Settings.RelativeTolerance"/> × (1 + max |x|) per value (≥ 1e-4): float32 rounding in
/// 250 steps of a correct sampler moves the differences by ≤ 3e-6 (measured,
/// <c>SameNoiseIsSharedTests.Float32_rounding_of_a_correct_sampler_stays_far_below_the_tolerance</c>), ≥ 30× below the
/// tolerance, which is itself ≥ 100× below the smallest signal of the bugs below.
/// </para>
/// <para>
/// <b>Power</b>: per-sample noise (mutant same-noise-per-sample) breaks claims 1 and 2 by the scale of the noise
/// (≈ 0.1–1, i.e. 10³–10⁴ × the tolerance) with probability 1 − &lt;1e-300; no noise at all breaks claim 3; a sampler
/// that draws the shared noise afresh for each sample through a different key breaks 1 and 2. Errors in the mean or
/// the variance of the shared step (σ² = β instead of β̃, ᾱ off by one) keep all three claims and are left to the
/// exact comparison with the reference.
/// </para>
/// </remarks>
public sealed class SameNoiseIsShared : HandinCheck<ISameNoiseSampler>
{
    /// <summary>The check's design parameters.</summary>
    /// <param name="Steps">T.</param>
    /// <param name="BetaFirst">β at code index 0.</param>
    /// <param name="BetaLast">β at code index T − 1.</param>
    /// <param name="DistinctLatents">How many distinct latents (each appears twice).</param>
    /// <param name="RelativeTolerance">Float32 tolerance, relative to 1 + max |x| of the trajectory.</param>
    public sealed record Settings(int Steps = 250, double BetaFirst = 1e-4, double BetaLast = 0.02, int DistinctLatents = 4, double RelativeTolerance = 1e-4) : OracleDesign(Steps, BetaFirst, BetaLast);

    public SameNoiseIsShared(Settings? settings = null)
        : base("diffusion.heidelberg.same-noise-is-shared")
    {
        Design = settings ?? new Settings();
        ArgumentOutOfRangeException.ThrowIfLessThan(Design.DistinctLatents, 2);
    }

    public Settings Design { get; }

    protected override CheckResult Check(CheckContext context, HandinCall call, ISameNoiseSampler sampler)
    {
        var s = Design;
        var d = s.DataMean.Count;
        var m = s.DistinctLatents;
        var n = 2 * m;
        var schedule = s.Schedule();
        var distinct = torch.randn([m, d], context.NewGenerator(1));
        var latents = torch.cat([distinct, distinct], 0);
        int[] shape = [s.Steps + 1, n, d];

        var runs = new double[2][];
        var noises = new KeyedNoise[2];
        for (var r = 0; r < 2; r++)
        {
            noises[r] = new KeyedNoise(context.Seed ^ (0x5A3E_0000_0000_0001UL + (ulong)r * 0x9E37_79B9_7F4A_7C15UL));
            var oracle = new LinearGaussianOracle(schedule, s.DataMean, s.DataVariance, OracleTime.RawIndex);
            var what = $"SampleSameNoise(latents [N, d], schedule, network, noise) (run {r + 1})";
            var source = noises[r];
            if (call.Run(what, () => sampler.SampleSameNoise(latents.clone(), schedule, oracle, source), out var trajectory) is { } threw) return threw;
            if (HiddenTensor.Check(call, what, trajectory, shape, "the trajectory [T + 1, N, d], the latents first and the samples last",
                    HiddenTensor.SameNoiseSteps(oracle.VisitedSteps, schedule.T)) is { } bad) return bad;
            runs[r] = trajectory.contiguous().ToDoubleArray();
        }

        var scale = 1 + runs.Max(x => x.Max(Math.Abs));
        var tol = s.RelativeTolerance * scale;
        double At(double[] x, int step, int i, int j) => x[(step * n + i) * d + j];
        var perSample = noises.SelectMany(z => z.StepRequests).Any(q => q.shape.Length > 0 && q.shape[0] == n && n > 1);
        var hint = perSample ? " Hint: the sampler asked the noise source for noise of shape [N, d] (one vector per sample); ask for [1, d] and add it to every sample." : "";
        // The feedback names what was compared, not the hidden set-up (T, the batch, the oracle's law), which a later cohort could target.
        var setUp = "two runs of your sampler with different noise seeds, on latents of which some are identical";

        // 1: identical latents stay identical.
        for (var r = 0; r < 2; r++)
        for (var step = 0; step <= s.Steps; step++)
        for (var i = 0; i < m; i++)
        for (var j = 0; j < d; j++)
        {
            var gap = Math.Abs(At(runs[r], step, i, j) - At(runs[r], step, i + m, j));
            if (gap <= tol) continue;
            return CheckResult.Fail(Id,
                $"Samples {i} and {i + m} start from the same latent but their trajectories differ by {F(gap)} in coordinate {j + 1} after {step} reverse step(s) (run {r + 1}; {setUp}). With one noise vector shared by all samples, identical latents must give identical samples.{hint}",
                expected: "identical trajectories for identical latents", seen: $"difference {F(gap)} at trajectory index {step}", sheetRef: SheetRef);
        }

        // 2: differences between samples do not depend on the noise.
        for (var step = 0; step <= s.Steps; step++)
        for (var i = 1; i < m; i++)
        for (var j = 0; j < d; j++)
        {
            var first = At(runs[0], step, i, j) - At(runs[0], step, 0, j);
            var second = At(runs[1], step, i, j) - At(runs[1], step, 0, j);
            if (Math.Abs(first - second) <= tol) continue;
            return CheckResult.Fail(Id,
                $"The difference between samples {i} and 0 depends on the noise: {F(first)} with one noise seed and {F(second)} with another, in coordinate {j + 1} after {step} reverse step(s) ({setUp}). With shared noise (and this affine ε̂) the noise cancels in every difference.{hint}",
                expected: $"x_{i} − x_0 equal in both runs", seen: $"{F(first)} vs {F(second)}", sheetRef: SheetRef);
        }

        // 3: the noise is used at all.
        var largest = 0.0;
        for (var k = 0; k < runs[0].Length; k++) largest = Math.Max(largest, Math.Abs(runs[0][k] - runs[1][k]));
        if (largest <= 100 * tol)
        {
            return CheckResult.Fail(Id,
                $"The trajectories of two runs with different noise differ by at most {F(largest)} ({setUp}): the reverse process adds no noise. Ex. 1 (c) keeps the noise of 1 (a), σ_t² = β̃_t, but draws one vector per step for all samples.",
                expected: "runs with different noise differ", seen: $"max difference {F(largest)}", sheetRef: SheetRef);
        }

        return CheckResult.Pass(Id,
            $"Identical latents give identical trajectories, sample differences are the same for two noise seeds, and the noise is used (runs differ by up to {F(largest)}) ({setUp}).",
            SheetRef);
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
