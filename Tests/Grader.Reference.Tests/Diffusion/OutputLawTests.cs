using Grader.Metrics.Statistics;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Oracles;
using static Grader.Reference.Tests.Diffusion.DiffusionTestData;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>
/// The samplers against exactly computable laws: the §6.4 table of ml-anchors (deterministic), an end-to-end
/// statistical test with the linear-Gaussian oracle, and the exact one-step test of §6.3 that separates β from β̃.
/// </summary>
public class OutputLawTests
{
    private const double DataMean = 0.5;
    private const double DataVariance = 0.25;

    [Test]
    public void Output_law_reproduces_the_ml_anchors_table()
    {
        var s = Ho;
        var small = GaussianOutputLaw.For(new Ddpm(s, ReverseVariance.BetaTilde), DataMean, DataVariance);
        small.Mean.Should().BeApproximately(0.49999, 5e-6);
        small.Variance.Should().BeApproximately(0.24613, 5e-6);

        var large = GaussianOutputLaw.For(new Ddpm(s, ReverseVariance.Beta), DataMean, DataVariance);
        large.Mean.Should().BeApproximately(0.49999, 5e-6);
        large.Variance.Should().BeApproximately(0.25075, 5e-6);

        var ddim0 = GaussianOutputLaw.For(new Ddim(s, 0), DataMean, DataVariance);
        ddim0.Mean.Should().BeApproximately(0.49842, 5e-6);
        ddim0.Variance.Should().BeApproximately(0.24850, 5e-6);

        var ddim1 = GaussianOutputLaw.For(new Ddim(s, 1), DataMean, DataVariance);
        ddim1.Mean.Should().BeApproximately(small.Mean, 1e-9);
        ddim1.Variance.Should().BeApproximately(small.Variance, 1e-9);

        foreach (var (steps, mean, variance) in new[] { (50, 0.49818, 0.22320), (10, 0.49692, 0.13997) })
        {
            var leading = Enumerable.Range(0, steps).Select(i => i * (s.T / steps)).Reverse().ToArray();
            var law = GaussianOutputLaw.For(new Ddim(s, 0, leading), DataMean, DataVariance);
            law.Mean.Should().BeApproximately(mean, 5e-6);
            law.Variance.Should().BeApproximately(variance, 5e-6);
        }

        // The index-shift bug: the schedule read one code index late (min(t + 1, T − 1)), the model still asked at t.
        var shifted = GaussianOutputLaw.For(s, ShiftedCoefficients(s), DataMean, DataVariance);
        shifted.Mean.Should().BeApproximately(0.50086, 5e-6);
        shifted.Variance.Should().BeApproximately(0.24923, 5e-6);
    }

    [Test]
    public void The_law_of_the_single_gaussian_oracle_starts_at_the_latent_law_and_ends_near_the_data()
    {
        var law = GaussianOutputLaw.For(new Ddpm(Heidelberg, ReverseVariance.BetaTilde), DataMean, DataVariance);
        law.StateMeans.Length.Should().Be(251);
        law.StateMeans[0].Should().Be(0);
        law.StateVariances[0].Should().Be(1);
        // T = 250 ends at ᾱ_249 = 0.08, not 0: N(0, 1) latents are not quite q(z_T), so the output is slightly off the data law.
        law.Mean.Should().BeApproximately(DataMean, 0.02);
        law.Variance.Should().BeApproximately(DataVariance, 0.02);
    }

    /// <summary>
    /// End-to-end: N = 20,000 samples from each of DDPM σ² = β, DDPM σ² = β̃ and DDIM η = 0 (T = 1000, linear), run
    /// with the exact oracle for data N(0.5, 0.25) in 2-D, must follow N(m, V) from
    /// <see cref="GaussianOutputLaw"/>: the output is exactly Gaussian (affine steps, Gaussian latents and noise).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Design. False-fail rate ≤ 1e-6 in total: Bonferroni over 3 samplers × 2 coordinates gives 1.67e-7 to each
    /// <see cref="GaussianMoments"/> test, which splits it again over mean (|√N·mean(r)| &lt; z, z = 5.43), χ² variance band
    /// (about [0.947, 1.055] for s²/V at N = 20,000) and DKW–KS. DDIM η = 1 is left out: its steps equal DDPM σ² = β̃
    /// exactly (coefficients and tensor step, <see cref="SamplerTests"/>), so it would only cost time.
    /// </para>
    /// <para>
    /// Power. A mean error of δ standard deviations is caught once δ ≳ (5.43 + 4.75)/√N ≈ 0.072 (false-pass 1e-6), a
    /// variance ratio once it lies outside roughly [0.90, 1.10]. So this test catches a missing noise term, a missing √ (variance ≈ 0.0009)
    /// or a wrong x̂₀ formula, but it <b>cannot see</b> the β/β̃ swap (1.9% in variance end to end, needs N ≈ 540,000)
    /// nor the index shift (mean 0.50086 vs 0.49999 = 0.0017 sd, variance +1.3%). Those are caught by the single-step
    /// test below and by the deterministic coefficient tests.
    /// </para>
    /// </remarks>
    [Test]
    public void End_to_end_samples_follow_the_exact_output_law()
    {
        const int n = 20_000;
        var s = Ho;
        var oracle = GaussianMixtureDenoiser.Single(s, [DataMean, DataMean], [DataVariance, DataVariance]);
        var samplers = new (string Name, ReverseSampler Sampler)[]
        {
            ("DDPM β", new Ddpm(s, ReverseVariance.Beta)),
            ("DDPM β̃", new Ddpm(s, ReverseVariance.BetaTilde)),
            ("DDIM η=0", new Ddim(s, 0)),
        };
        var test = new GaussianMoments(FalseFailBudget.Bonferroni(1e-6, samplers.Length * 2));
        var g = new Generator(2024);
        foreach (var (name, sampler) in samplers)
        {
            var law = GaussianOutputLaw.For(sampler, DataMean, DataVariance);
            var output = sampler.Sample(oracle, randn([n, 2], g), StepNoise.From(g)).ToDoubleArray();
            for (var j = 0; j < 2; j++)
            {
                var residuals = new double[n];
                for (var i = 0; i < n; i++) residuals[i] = (output[2 * i + j] - law.Mean) / Math.Sqrt(law.Variance);
                var verdict = test.Test(residuals);
                verdict.Passed.Should().BeTrue($"{name}, coordinate {j}: {verdict.Message}");
            }
        }
    }

    /// <summary>
    /// The exact one-step test (ml-anchors §6.3) at code index t = 1, where β̃/β = 0.4547: from a fixed z_t and the
    /// oracle's fixed ε̂, N = 2,000 calls of the DDPM β̃ step must be N(μ, β̃_1) per coordinate. Residuals standardised
    /// with β̃ pass <see cref="GaussianMoments"/> at 1e-6 (Bonferroni over the two coordinates); the β sampler's
    /// residuals, standardised the same way, have variance 1/0.4547 = 2.2, far outside the χ² band (about [0.84, 1.17]
    /// at N = 2,000 and α = 1e-6/6): s² then has standard deviation 2.2·√(2/N) ≈ 0.07, so it misses the band only with
    /// a probability below 1e-40 — the power is 1 for all practical purposes.
    /// </summary>
    [Test]
    public void Single_step_at_t_1_tells_beta_from_beta_tilde()
    {
        const int n = 2000;
        const int t = 1;
        var s = Ho;
        var oracle = GaussianMixtureDenoiser.Single(s, [DataMean, DataMean], [DataVariance, DataVariance]);
        var zt = tensor(new[] { 0.3, -0.8 }, 1, 2).expand(n, 2).contiguous();
        var g = new Generator(7);
        var test = new GaussianMoments(FalseFailBudget.Bonferroni(1e-6, 2));
        var tilde = new Ddpm(s, ReverseVariance.BetaTilde);
        var beta = new Ddpm(s, ReverseVariance.Beta);

        // The mean in double: μ = Z z + E ε*(z), identical for both variance choices.
        var (k, l) = GaussianOutputLaw.OracleCoefficients(s, t, DataMean, DataVariance);
        var c = tilde.Coefficients(t);
        double[] z = [0.3, -0.8];
        var mean = z.Select(v => c.Z * v + c.Epsilon * (k * v + l)).ToArray();
        var sd = Math.Sqrt(s.BetaTilde[t]);

        double[][] Residuals(ReverseSampler sampler)
        {
            var x = sampler.Step(oracle, zt, t, randn([n, 2], g)).ToDoubleArray();
            return [.. Enumerable.Range(0, 2).Select(j => Enumerable.Range(0, n).Select(i => (x[2 * i + j] - mean[j]) / sd).ToArray())];
        }

        foreach (var r in Residuals(tilde))
        {
            var verdict = test.Test(r);
            verdict.Passed.Should().BeTrue(verdict.Message);
        }

        foreach (var r in Residuals(beta))
        {
            var verdict = test.Test(r);
            verdict.Passed.Should().BeFalse();
            verdict.Variance.Passed.Should().BeFalse(verdict.Message);
            verdict.Variance.Statistic.Should().BeGreaterThan(1.8);
        }
    }

    /// <summary>DDPM β̃ with every schedule coefficient read at code index min(t + 1, T − 1), the model asked at t.</summary>
    private static IEnumerable<AffineStep> ShiftedCoefficients(BetaSchedule s)
    {
        var correct = new Ddpm(s, ReverseVariance.BetaTilde);
        for (var t = s.T - 1; t >= 0; t--)
        {
            var shifted = correct.Coefficients(Math.Min(t + 1, s.T - 1));
            yield return shifted with { T = t, Previous = t - 1, NoiseVariance = t == 0 ? 0 : shifted.NoiseVariance };
        }
    }
}
