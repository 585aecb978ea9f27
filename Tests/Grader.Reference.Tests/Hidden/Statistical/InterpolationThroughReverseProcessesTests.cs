using Grader.Checks.Hidden.Diffusion.Statistical;
using MathNet.Numerics.Distributions;

namespace Grader.Reference.Tests.Hidden.Statistical;

public sealed class InterpolationThroughReverseProcessesTests
{
    private static readonly InterpolationThroughReverseProcesses CheckB = new(InterpolationThroughReverseProcesses.Exercise1b);
    private static readonly InterpolationThroughReverseProcesses CheckE = new(InterpolationThroughReverseProcesses.Exercise1e);

    [TestCase(1UL)]
    public void The_correct_hand_in_passes_both_parts(ulong seed)
    {
        foreach (var check in new[] { CheckB, CheckE })
        {
            FormulaHandins.Passes(check, new FormulaExerciseOne(), seed);
        }
    }

    /// <summary>
    /// The band is the F(250, 250) quantile pair at α = 1.25e-7 per tail; cross-checked by the normal approximation of
    /// log F (sd √(4/P)) and by the Beta(P/2, P/2) route, independent of MathNet's F inverse.
    /// </summary>
    [Test]
    public void The_band_is_the_two_sided_F_quantile_pair()
    {
        var s = InterpolationThroughReverseProcesses.Exercise1b;
        var (low, high) = s.Band();
        TestContext.Out.WriteLine($"band [{low:G4}, {high:G4}]");
        var alpha = 5e-7 / 4;
        var viaBeta = Beta.InvCDF(125, 125, alpha);
        (viaBeta / (1 - viaBeta)).Should().BeApproximately(low, 1e-6 * low);
        var z = -Normal.InvCDF(0, 1, alpha);
        Math.Log(low).Should().BeApproximately(-z * Math.Sqrt(4.0 / 250), 0.02);
        Math.Log(high).Should().BeApproximately(z * Math.Sqrt(4.0 / 250), 0.02);
        (low * high).Should().BeApproximately(1, 1e-6, "F(P, P) is symmetric in log");
        low.Should().BeInRange(0.5, 0.56);
        high.Should().BeInRange(1.8, 2.0);
    }

    /// <summary>
    /// The stochastic law behind S and the noncentrality bound: recomputed here from the sheet's formulas in double by
    /// running the affine recursion on ε* directly, and the neighbours' noncentrality Σ (G Δz)²/(2V) ≤ 0.01 on both lines.
    /// </summary>
    [Test]
    public void The_stochastic_law_and_the_noncentrality_bound()
    {
        foreach (var s in new[] { InterpolationThroughReverseProcesses.Exercise1b, InterpolationThroughReverseProcesses.Exercise1e })
        {
            var schedule = s.Schedule();
            var abar = FormulaHandins.AlphaBar(schedule);
            for (var j = 0; j < 2; j++)
            {
                double m = s.DataMean[j], v2 = s.DataVariance[j];
                double gain = 1, offset = 0, variance = 0;
                for (var t = schedule.T - 1; t >= 0; t--)
                {
                    var prev = t > 0 ? abar[t - 1] : 1.0;
                    var beta = schedule.Betas[t];
                    // ε*(x) = K x + L; x̂₀ = (x − √(1 − ᾱ) ε*)/√ᾱ; μ̃ = β√ᾱ_prev/(1 − ᾱ) x̂₀ + (1 − ᾱ_prev)√α/(1 − ᾱ) x.
                    var k = Math.Sqrt(1 - abar[t]) / (abar[t] * v2 + 1 - abar[t]);
                    var l = -k * Math.Sqrt(abar[t]) * m;
                    var cx0 = beta * Math.Sqrt(prev) / (1 - abar[t]);
                    var cxt = (1 - prev) * Math.Sqrt(1 - beta) / (1 - abar[t]);
                    var c = cx0 * (1 - Math.Sqrt(1 - abar[t]) * k) / Math.Sqrt(abar[t]) + cxt;
                    var o = -cx0 * Math.Sqrt(1 - abar[t]) * l / Math.Sqrt(abar[t]);
                    gain *= c;
                    offset = c * offset + o;
                    variance = c * c * variance + (t > 0 ? beta * (1 - prev) / (1 - abar[t]) : 0);
                }

                var law = InterpolationThroughReverseProcesses.StochasticLaw(schedule, m, v2);
                law.Gain.Should().BeApproximately(gain, 1e-12);
                law.Offset.Should().BeApproximately(offset, 1e-12);
                law.Variance.Should().BeApproximately(variance, 1e-12);
                var step = (s.To[j] - s.From[j]) / (s.Count - 1);
                var noncentrality = s.Pairs * gain * gain * step * step / (2 * variance);
                // The identical-noise process has the stochastic gain, DDIM its own (InterpolationTrajectoryIsSmooth.DdimMap).
                var ddimGain = InterpolationTrajectoryIsSmooth.DdimMap(schedule, m, v2).Gain;
                var closeness = Math.Max(gain * gain, ddimGain * ddimGain) * step * step / (2 * variance);
                TestContext.Out.WriteLine($"{s.Exercise}, coordinate {j + 1}: G = {gain:G4}, O = {offset:G4}, V = {variance:G4}, noncentrality {noncentrality:G3}, correct-process closeness ratio {closeness:G3}");
                noncentrality.Should().BeLessThan(0.01);
                closeness.Should().BeLessThan(3e-3);
            }
        }
    }

    [Test]
    public void A_reverse_step_that_adds_one_noise_vector_to_all_samples_fails_b_as_the_idea_of_c()
    {
        var result = FormulaHandins.Fails(CheckB, new FormulaExerciseOne(step: ReverseStepBug.OneNoiseForAll), 3);
        result.Message.Should().StartWith("After the stochastic reverse process of 1 (a), neighbouring latents of your interpolation end ")
            .And.Contain("the neighbours stay together, so every sample got the same noise")
            .And.Contain("the identical noise for all samples is the idea of 1 (c)");
        result.Message.Should().NotContain("250").And.NotContain("oracle");
    }

    [Test]
    public void A_reverse_step_without_noise_fails_b()
    {
        var result = FormulaHandins.Fails(CheckB, new FormulaExerciseOne(step: ReverseStepBug.NoNoise), 3);
        result.Message.Should().StartWith("Two runs of the stochastic reverse process of 1 (a) with different noise end at the same points");
    }

    [Test]
    public void A_same_noise_sampler_with_noise_per_sample_fails_e()
    {
        var result = FormulaHandins.Fails(CheckE, new FormulaExerciseOne(sameNoise: SameNoiseBug.PerSampleNoise), 3);
        result.Message.Should().StartWith("After the identical-noise reverse process of 1 (c), neighbouring latents of your interpolation end ")
            .And.Contain("the path is torn apart");
    }

    [Test]
    public void A_ddim_that_adds_noise_at_eta_zero_fails_e()
    {
        var result = FormulaHandins.Fails(CheckE, new FormulaExerciseOne(ddim: DdimBug.NoiseWithoutEta), 3);
        result.Message.Should().StartWith("After the deterministic DDIM of 1 (d), neighbouring latents of your interpolation end ")
            .And.Contain("σ_t = 0 at η = 0");
    }

    /// <summary>Coefficient bugs of 1 (a) and 1 (d) keep the noise structure, so (b) and (e) leave them to their own tasks.</summary>
    [TestCase(ReverseStepBug.BetaInsteadOfBetaTilde)]
    [TestCase(ReverseStepBug.AlphaBarOffByOne)]
    [TestCase(ReverseStepBug.ClipX0)]
    [TestCase(ReverseStepBug.MissingSqrt)]
    public void Coefficient_bugs_of_the_step_do_not_cost_b_or_e(ReverseStepBug bug)
    {
        // (e) runs the same stochastic claim as (b), on its own line.
        FormulaHandins.Passes(CheckE, new FormulaExerciseOne(step: bug), 4);
    }

    [Test]
    public void A_ddim_that_ignores_eta_passes_e()
    {
        FormulaHandins.Passes(CheckE, new FormulaExerciseOne(ddim: DdimBug.IgnoresEta), 5);
    }
}
