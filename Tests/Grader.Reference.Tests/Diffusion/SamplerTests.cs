using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Oracles;
using static Grader.Reference.Tests.Diffusion.DiffusionTestData;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>Deterministic properties of the samplers (noise injected): no test here can fail by chance.</summary>
public class SamplerTests
{
    private static GaussianMixtureDenoiser VOracle(BetaSchedule s) =>
        new(s, [0.5, 0.5], new double[,] { { 1.0, 1.0 }, { -1.0, 1.0 } }, new double[,] { { 0.05, 0.3 }, { 0.05, 0.3 } });

    [Test]
    public void Ddpm_step_with_injected_noise_matches_Algorithm_2_in_double()
    {
        var s = Heidelberg;
        var g = new Generator(20);
        var z = Normal(g, 16, 2);
        var epsHat = Normal(g, 16, 2);
        var xi = Normal(g, 16, 2);
        var zd = z.ToDoubleArray();
        var ed = epsHat.ToDoubleArray();
        var xd = xi.ToDoubleArray();
        foreach (var variance in new[] { ReverseVariance.Beta, ReverseVariance.BetaTilde })
        {
            var ddpm = new Ddpm(s, variance);
            foreach (var t in new[] { 0, 1, 2, 100, 249 })
            {
                var next = ddpm.Step(z, t, epsHat, xi).ToDoubleArray();
                var sigma = t == 0 ? 0 : Math.Sqrt(variance == ReverseVariance.Beta ? s.Beta[t] : s.BetaTilde[t]);
                for (var i = 0; i < zd.Length; i++)
                {
                    var expected = (zd[i] - s.Beta[t] / Math.Sqrt(1 - s.AlphaBar[t]) * ed[i]) / Math.Sqrt(s.Alpha[t]) + sigma * xd[i];
                    next[i].Should().BeApproximately(expected, 2e-6 * (1 + Math.Abs(expected)), $"{variance}, t = {t}");
                }
            }
        }
    }

    [Test]
    public void Trajectory_has_T_plus_1_states_starting_with_the_latents()
    {
        var s = BetaSchedule.Linear(50);
        var g = new Generator(21);
        var latents = Normal(g, 7, 2);
        var trajectory = new Ddpm(s, ReverseVariance.BetaTilde).Trajectory(VOracle(s), latents, StepNoise.From(g));
        trajectory.shape.Should().Equal(51, 7, 2);
        MaxAbsDiff(trajectory.select(0, 0), latents).Should().Be(0);
    }

    [Test]
    public void Pre_drawn_noise_and_the_generator_give_the_same_samples()
    {
        var s = BetaSchedule.Linear(40);
        var latents = Normal(new Generator(22), 5, 2);
        var sampler = new Ddpm(s, ReverseVariance.Beta);
        // The generator is asked only for the noisy steps, t = 39 … 1 in loop order; row t of the tensor is step t.
        var g = new Generator(23);
        var rows = new Tensor[40];
        rows[0] = zeros(5, 2);
        for (var t = 39; t >= 1; t--) rows[t] = randn([5, 2], g);
        var fromTensor = sampler.Sample(VOracle(s), latents, StepNoise.From(stack(rows)));
        var fromGenerator = sampler.Sample(VOracle(s), latents, StepNoise.From(new Generator(23)));
        MaxAbsDiff(fromTensor, fromGenerator).Should().Be(0);
    }

    [Test]
    public void Ddim_with_eta_0_is_a_deterministic_function_of_the_latent()
    {
        var s = Heidelberg;
        var latents = Normal(new Generator(24), 100, 2);
        var ddim = new Ddim(s, eta: 0);
        var a = ddim.Sample(VOracle(s), latents, StepNoise.From(new Generator(1)));
        var b = ddim.Sample(VOracle(s), latents, StepNoise.From(new Generator(2)));
        var c = ddim.Sample(VOracle(s), latents, StepNoise.None);
        MaxAbsDiff(a, b).Should().Be(0);
        MaxAbsDiff(a, c).Should().Be(0);
        s.Beta.Select((_, t) => ddim.AddsNoise(t)).Should().OnlyContain(x => !x);
    }

    [Test]
    public void Ddim_last_step_returns_x0_hat()
    {
        var s = Heidelberg;
        var g = new Generator(25);
        var z = Normal(g, 10, 2);
        var eps = Normal(g, 10, 2);
        var last = new Ddim(s, 0).Step(z, 0, eps, null);
        MaxAbsDiff(last, new Posterior(s).PredictX0(z, eps, 0)).Should().BeLessThan(1e-6);
    }

    /// <summary>
    /// DDIM eq. 16 with η = 1 on the full chain is DDPM with σ² = β̃: the same z-coefficient, ε-coefficient and noise
    /// variance at every step, and the same tensor step for the same injected noise.
    /// </summary>
    [Test]
    public void Ddim_with_eta_1_equals_the_Ddpm_beta_tilde_step_exactly()
    {
        var s = Ho;
        var ddim = new Ddim(s, eta: 1);
        var ddpm = new Ddpm(s, ReverseVariance.BetaTilde);
        for (var t = 0; t < s.T; t++)
        {
            var a = ddim.Coefficients(t);
            var b = ddpm.Coefficients(t);
            a.Z.Should().BeApproximately(b.Z, 1e-10 * Math.Abs(b.Z));
            a.Epsilon.Should().BeApproximately(b.Epsilon, 1e-9 * Math.Abs(b.Epsilon) + 1e-15);
            a.NoiseVariance.Should().BeApproximately(b.NoiseVariance, 1e-12 * b.NoiseVariance + 1e-20);
        }

        var g = new Generator(26);
        var z = Normal(g, 50, 2);
        var eps = Normal(g, 50, 2);
        var xi = Normal(g, 50, 2);
        foreach (var t in new[] { 1, 2, 10, 500, 999 })
            MaxAbsDiff(ddim.Step(z, t, eps, xi), ddpm.Step(z, t, eps, xi)).Should().BeLessThan(2e-5, $"t = {t}");
    }

    [Test]
    public void Same_noise_sampler_maps_identical_latents_to_identical_outputs()
    {
        var s = Heidelberg;
        var latents = tensor(new[] { 0.3, -1.2 }, 1, 2).expand(64, 2).contiguous();
        var sampler = new SameNoiseSampler(new Ddpm(s, ReverseVariance.BetaTilde));
        var trajectory = sampler.Trajectory(VOracle(s), latents, StepNoise.From(new Generator(27)));
        var last = trajectory.select(0, s.T).ToDoubleArray();
        for (var i = 1; i < 64; i++)
        {
            last[2 * i].Should().Be(last[0]);
            last[2 * i + 1].Should().Be(last[1]);
        }

        // The ordinary sampler, by contrast, spreads them out.
        var spread = new Ddpm(s, ReverseVariance.BetaTilde).Sample(VOracle(s), latents, StepNoise.From(new Generator(27)));
        spread.std(0).min().item().Should().BeGreaterThan(0.01f);
    }

    /// <summary>
    /// With the same per-step noise for every sample and the linear-Gaussian oracle, each step is z ← c z + o + σ ξ
    /// with ξ shared, so the difference of two samples evolves deterministically: Δ_out = (Π c)·Δ_latent whatever the noise.
    /// </summary>
    [Test]
    public void Same_noise_sampler_differences_evolve_deterministically()
    {
        var s = Heidelberg;
        var oracle = GaussianMixtureDenoiser.Single(s, [0.5, 0.5], [0.25, 0.25]);
        var latents = LatentInterpolation.Line([-1, 2], [-1, -2], 9);
        var sampler = new SameNoiseSampler(new Ddpm(s, ReverseVariance.BetaTilde));
        var a = sampler.Sample(oracle, latents, StepNoise.From(new Generator(28))).ToDoubleArray();
        var b = sampler.Sample(oracle, latents, StepNoise.From(new Generator(29))).ToDoubleArray();
        var gain = GaussianOutputLaw.For(sampler, 0.5, 0.25).Gain;
        var l = latents.ToDoubleArray();
        for (var i = 1; i < 9; i++)
            for (var j = 0; j < 2; j++)
            {
                var da = a[2 * i + j] - a[j];
                var db = b[2 * i + j] - b[j];
                da.Should().BeApproximately(db, 1e-4);
                da.Should().BeApproximately(gain * (l[2 * i + j] - l[j]), 1e-4);
            }

        // ... while the shared noise moves all samples together: the two runs differ.
        Math.Abs(a[0] - b[0]).Should().BeGreaterThan(1e-3);
    }

    [Test]
    public void Same_noise_sampler_reads_pre_drawn_noise_of_shape_T_1_d()
    {
        var s = BetaSchedule.Linear(20);
        var noise = Normal(new Generator(30), 20, 1, 2);
        var latents = Normal(new Generator(31), 4, 2);
        var sampler = new SameNoiseSampler(new Ddpm(s, ReverseVariance.Beta));
        var viaShared = sampler.Sample(VOracle(s), latents, StepNoise.From(noise));
        var viaExpanded = new Ddpm(s, ReverseVariance.Beta).Sample(VOracle(s), latents, StepNoise.From(noise.expand(20, 4, 2).contiguous()));
        MaxAbsDiff(viaShared, viaExpanded).Should().Be(0);
        FluentActions.Invoking(() => sampler.Sample(VOracle(s), latents, StepNoise.From(Normal(new Generator(32), 20, 4, 2))))
            .Should().Throw<ArgumentException>().WithMessage("*needs [1, 2]*");
    }

    [Test]
    public void Ddim_accepts_a_sub_sequence_and_rejects_a_non_decreasing_one()
    {
        var s = Ho;
        var leading = Enumerable.Range(0, 10).Select(i => i * 100).Reverse().ToArray();
        var ddim = new Ddim(s, 0, leading);
        ddim.PreviousTimestep(900).Should().Be(800);
        ddim.PreviousTimestep(0).Should().Be(-1);
        ddim.Trajectory(VOracle(s), Normal(new Generator(33), 3, 2), StepNoise.None).shape.Should().Equal(11, 3, 2);
        FluentActions.Invoking(() => new Ddim(s, 0, [5, 5, 0])).Should().Throw<ArgumentException>().WithMessage("*strictly decreasing*");
    }

    [Test]
    public void Ddpm_refuses_to_run_without_noise()
    {
        var s = BetaSchedule.Linear(5);
        FluentActions.Invoking(() => new Ddpm(s, ReverseVariance.Beta).Sample(VOracle(s), zeros(2, 2), StepNoise.None))
            .Should().Throw<InvalidOperationException>().WithMessage("*adds noise*");
    }
}
