using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Oracles;
using static Grader.Reference.Tests.Diffusion.DiffusionTestData;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>L_simple, the DTU negative ELBO and the terms of the variational bound (Ho eqs. 5, 12, 14).</summary>
public class LossesTests
{
    private static readonly IEpsilonModel Zero = EpsilonNetwork.FromFunction((z, _) => zeros_like(z));

    [Test]
    public void NegativeElbo_has_shape_batch_and_L_simple_is_its_mean_over_d()
    {
        var g = new Generator(10);
        var x0 = Normal(g, 50, 3);
        var eps = Normal(g, 50, 3);
        var t = Uniform(g, 50, Ho.T);
        var model = GaussianMixtureDenoiser.Single(Ho, [0.1, 0.2, 0.3], [0.5, 0.5, 0.5]);
        var elbo = Losses.NegativeElbo(model, Ho, x0, t, eps);
        elbo.shape.Should().Equal(50);
        var simple = Losses.SimpleLoss(model, Ho, x0, t, eps).item();
        ((double)simple).Should().BeApproximately(elbo.mean().item() / 3, 1e-5);

        // With the zero model the per-sample value is ‖ε‖².
        var zeroElbo = Losses.NegativeElbo(Zero, Ho, x0, t, eps);
        MaxAbsDiff(zeroElbo, (eps * eps).sum(1)).Should().BeLessThan(1e-5);
    }

    [Test]
    public void NegativeElbo_is_zero_for_a_model_that_returns_the_injected_noise()
    {
        var g = new Generator(11);
        var x0 = Normal(g, 20, 2);
        var eps = Normal(g, 20, 2);
        var cheat = EpsilonNetwork.FromFunction((_, _) => eps);
        Losses.NegativeElbo(cheat, Ho, x0, Uniform(g, 20, Ho.T), eps).abs().max().item().Should().Be(0);
    }

    [Test]
    public void Gradients_flow_to_the_network_through_the_adapter()
    {
        var g = new Generator(12);
        var net = nn.Sequential(nn.Linear(3, 16, g), nn.Linear(16, 2, g));
        var model = EpsilonNetwork.WithTimeColumn(net, t => (double)t / Heidelberg.T);
        var x0 = Normal(g, 8, 2);
        var loss = Losses.SimpleLoss(model, Heidelberg, x0, Uniform(g, 8, Heidelberg.T), Normal(g, 8, 2));
        loss.backward();
        net.parameters().Should().OnlyContain(p => p.grad != null);
    }

    [Test]
    public void PriorKl_matches_the_closed_form_and_is_tiny_for_T_1000()
    {
        var x0 = tensor(new[] { 1.0, -1.0, 1.0, 1.0 }, 2, 2);
        var kl = Losses.PriorKl(Ho, x0).ToDoubleArray();
        var abar = Ho.AlphaBar[^1];
        var perDim = 0.5 * (abar * 1 - abar - Math.Log(1 - abar));
        kl[0].Should().BeApproximately(2 * perDim, 1e-9);
        // ml-anchors §1.4: about 2.9e-5 bits per dimension for x₀ = ±1.
        (perDim / Math.Log(2)).Should().BeApproximately(2.9e-5, 1e-6);
    }

    /// <summary>
    /// Ho eq. 12: with σ_t² fixed, L_{t−1} = ½D(−1 + ln(σ²/β̃) + β̃/σ²) + β_t²/(2σ_t² α_t (1 − ᾱ_t))‖ε − ε_θ‖², checked
    /// against the general Gaussian KL for an arbitrary model (here, the zero model and an off-target oracle).
    /// </summary>
    [TestCase(ReverseVariance.Beta)]
    [TestCase(ReverseVariance.BetaTilde)]
    public void DenoisingKl_equals_the_weighted_noise_error_of_eq_12(ReverseVariance variance)
    {
        var s = Heidelberg;
        var g = new Generator(13);
        var x0 = Normal(g, 40, 2);
        var eps = Normal(g, 40, 2);
        var t = Enumerable.Range(0, 40).Select(_ => (int)g.NextInt(1, s.T)).ToArray();
        foreach (var model in new IEpsilonModel[] { Zero, GaussianMixtureDenoiser.Single(s, [0.3, -0.2], [0.5, 2.0]) })
        {
            var kl = Losses.DenoisingKl(model, s, x0, t, eps, variance).ToDoubleArray();
            var zt = new ForwardProcess(s).Sample(x0, t, eps);
            var err = (eps - model.Predict(zt, t)).ToDoubleArray();
            for (var i = 0; i < 40; i++)
            {
                var ti = t[i];
                var sigma2 = variance == ReverseVariance.Beta ? s.Beta[ti] : s.BetaTilde[ti];
                var weight = s.Beta[ti] * s.Beta[ti] / (2 * sigma2 * s.Alpha[ti] * (1 - s.AlphaBar[ti]));
                var constant = 0.5 * 2 * (-1 + Math.Log(sigma2 / s.BetaTilde[ti]) + s.BetaTilde[ti] / sigma2);
                var expected = constant + weight * (err[2 * i] * err[2 * i] + err[2 * i + 1] * err[2 * i + 1]);
                kl[i].Should().BeApproximately(expected, 1e-3 * (1 + Math.Abs(expected)), $"t = {ti}");
            }
        }
    }

    /// <summary>
    /// For a data set of one point the finite-set oracle knows x₀ exactly, so μ_θ = μ̃: L_{t−1} is 0 with σ² = β̃ and
    /// exactly the variance mismatch ½D(−1 + ln(β/β̃) + β̃/β) with σ² = β.
    /// </summary>
    [Test]
    public void DenoisingKl_vanishes_for_the_exact_single_point_oracle_with_beta_tilde()
    {
        var s = Heidelberg;
        var point = new double[,] { { 0.7, -0.4 } };
        var oracle = new FiniteSetDenoiser(s, point);
        var x0 = tensor(new[] { 0.7, -0.4, 0.7, -0.4, 0.7, -0.4 }, 3, 2);
        var eps = Normal(new Generator(14), 3, 2);
        var t = new[] { 1, 50, 249 };
        var tilde = Losses.DenoisingKl(oracle, s, x0, t, eps, ReverseVariance.BetaTilde).ToDoubleArray();
        tilde.Should().OnlyContain(v => Math.Abs(v) < 1e-3);
        var beta = Losses.DenoisingKl(oracle, s, x0, t, eps, ReverseVariance.Beta).ToDoubleArray();
        for (var i = 0; i < 3; i++)
        {
            var r = s.BetaTilde[t[i]] / s.Beta[t[i]];
            beta[i].Should().BeApproximately(-1 - Math.Log(r) + r, 1e-3);
        }
    }

    [Test]
    public void DecoderNll_is_the_continuous_gaussian_nll_at_code_index_0()
    {
        var s = Heidelberg;
        var g = new Generator(15);
        var x0 = Normal(g, 10, 2);
        var eps = Normal(g, 10, 2);
        var nll = Losses.DecoderNll(Zero, s, x0, eps, ReverseVariance.Beta).ToDoubleArray();
        var z1 = new ForwardProcess(s).Sample(x0, 0, eps).ToDoubleArray();
        var x = x0.ToDoubleArray();
        var sigma2 = s.Beta[0];
        for (var i = 0; i < 10; i++)
        {
            double expected = 0;
            for (var j = 0; j < 2; j++)
            {
                var mean = z1[2 * i + j] / Math.Sqrt(s.Alpha[0]);
                expected += 0.5 * (Math.Log(2 * Math.PI * sigma2) + (x[2 * i + j] - mean) * (x[2 * i + j] - mean) / sigma2);
            }

            nll[i].Should().BeApproximately(expected, 2e-3 * (1 + Math.Abs(expected)));
        }

        Losses.DefaultDecoderVariance(s, ReverseVariance.BetaTilde).Should().Be(s.BetaTilde[1]);
    }

    [Test]
    public void VariationalBound_is_the_sum_of_its_terms()
    {
        var s = BetaSchedule.Linear(10, 1e-2, 0.3);
        var g = new Generator(16);
        var x0 = Normal(g, 6, 2);
        var noise = Normal(g, 10, 6, 2);
        var model = GaussianMixtureDenoiser.Single(s, [0, 0], [1, 1]);
        var total = Losses.VariationalBound(model, s, x0, noise, ReverseVariance.BetaTilde).ToDoubleArray();
        var expected = Losses.PriorKl(s, x0) + Losses.DecoderNll(model, s, x0, noise.select(0, 0), ReverseVariance.BetaTilde);
        for (var t = 1; t < 10; t++)
            expected = expected + Losses.DenoisingKl(model, s, x0, Fill(t, 6), noise.select(0, t), ReverseVariance.BetaTilde);
        var e = expected.ToDoubleArray();
        for (var i = 0; i < 6; i++) total[i].Should().BeApproximately(e[i], 1e-4 * (1 + Math.Abs(e[i])));
        FluentActions.Invoking(() => Losses.DenoisingKl(model, s, x0, Fill(0, 6), noise.select(0, 0), ReverseVariance.Beta))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*DecoderNll*");
    }
}
