using Grader.Reference.Diffusion;
using static Grader.Reference.Tests.Diffusion.DiffusionTestData;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>q(z_t | x₀), the posterior q(z_{t−1} | z_t, x₀) and x̂₀ (Ho eqs. 4, 6–7, 15), with injected noise.</summary>
public class ForwardAndPosteriorTests
{
    [Test]
    public void Forward_sample_is_sqrt_alphabar_x0_plus_sqrt_one_minus_alphabar_eps_per_sample()
    {
        var g = new Generator(1);
        var x0 = Normal(g, 64, 2);
        var eps = Normal(g, 64, 2);
        var t = Uniform(g, 64, Ho.T);
        var z = new ForwardProcess(Ho).Sample(x0, t, eps);
        z.shape.Should().Equal(64, 2);
        for (var i = 0; i < 64; i++)
            for (var j = 0; j < 2; j++)
            {
                var expected = Ho.SqrtAlphaBar[t[i]] * x0[i, j] + Ho.SqrtOneMinusAlphaBar[t[i]] * eps[i, j];
                ((double)z[i, j]).Should().BeApproximately(expected, 1e-6 * (1 + Math.Abs(expected)));
            }
    }

    [Test]
    public void Predicted_x0_from_the_true_noise_recovers_x0()
    {
        var g = new Generator(2);
        var x0 = Normal(g, 32, 2);
        var eps = Normal(g, 32, 2);
        var posterior = new Posterior(Heidelberg);
        foreach (var t in new[] { 0, 1, 100, 249 })
        {
            var z = new ForwardProcess(Heidelberg).Sample(x0, t, eps);
            // 1/√ᾱ amplifies float32 rounding of z at large t: √ᾱ_249 ≈ 0.28 for T = 250.
            MaxAbsDiff(posterior.PredictX0(z, eps, t), x0).Should().BeLessThan(2e-5);
        }
    }

    /// <summary>
    /// The x̂₀ form (Heidelberg: μ̃(z_t, x̂₀)) and the Algorithm-2 ε form ((z_t − β_t/√(1 − ᾱ_t) ε̂)/√α_t) of the DDPM
    /// mean are the same function; in float32 they agree to rounding, and their double coefficients to 1e-12.
    /// </summary>
    [Test]
    public void Posterior_mean_from_x0_hat_equals_the_epsilon_form_of_Algorithm_2()
    {
        var g = new Generator(3);
        var z = Normal(g, 200, 2);
        var epsHat = Normal(g, 200, 2);
        var ddpmTilde = new Ddpm(Ho, ReverseVariance.BetaTilde);
        var ddpmBeta = new Ddpm(Ho, ReverseVariance.Beta);
        foreach (var t in new[] { 0, 1, 2, 10, 500, 998, 999 })
        {
            var a = ddpmTilde.MeanFromPredictedX0(z, t, epsHat);
            var b = ddpmTilde.MeanFromEpsilon(z, t, epsHat);
            MaxAbsDiff(a, b).Should().BeLessThan(2e-5, $"t = {t}");
            var ct = ddpmTilde.Coefficients(t);
            var cb = ddpmBeta.Coefficients(t);
            ct.Z.Should().BeApproximately(cb.Z, 1e-12);
            ct.Epsilon.Should().BeApproximately(cb.Epsilon, 1e-12);
        }
    }

    [Test]
    public void Posterior_mean_coefficients_and_variance_follow_Ho_eq_7()
    {
        var p = new Posterior(Ho);
        foreach (var t in new[] { 1, 5, 500, 999 })
        {
            var (cx0, czt) = p.MeanCoefficients(t);
            var ab = Ho.AlphaBar[t];
            var abPrev = Ho.AlphaBar[t - 1];
            cx0.Should().BeApproximately(Math.Sqrt(abPrev) * Ho.Beta[t] / (1 - ab), 1e-15);
            czt.Should().BeApproximately(Math.Sqrt(Ho.Alpha[t]) * (1 - abPrev) / (1 - ab), 1e-15);
            p.Variance(t).Should().BeApproximately((1 - abPrev) / (1 - ab) * Ho.Beta[t], 1e-18);
            // TUM P4 writes the z_n coefficient as √ᾱ_n(1 − ᾱ_{n−1})/((1 − ᾱ_n)√ᾱ_{n−1}) ... = √α_n(…): the same number.
            (Math.Sqrt(ab / abPrev) * (1 - abPrev) / (1 - ab)).Should().BeApproximately(czt, 1e-14);
        }

        p.Variance(0).Should().Be(0);
        p.MeanCoefficients(0).X0.Should().BeApproximately(1, 1e-12);
        p.MeanCoefficients(0).Zt.Should().Be(0);
    }

    [Test]
    public void Single_forward_steps_compose_to_the_marginal_in_law()
    {
        // Variance of z_t from x₀ = 0 through t+1 single steps: 1 − ᾱ_t (exact in double).
        var s = Heidelberg;
        double v = 0;
        for (var t = 0; t < s.T; t++) v = (1 - s.Beta[t]) * v + s.Beta[t];
        v.Should().BeApproximately(1 - s.AlphaBar[^1], 1e-12);
        new ForwardProcess(s).Marginal(s.T - 1).Variance.Should().BeApproximately(v, 1e-12);
    }

    [Test]
    public void Wrong_timesteps_and_shapes_are_rejected_with_a_message()
    {
        var f = new ForwardProcess(Heidelberg);
        var x = Normal(new Generator(4), 3, 2);
        FluentActions.Invoking(() => f.Sample(x, [0, 1, 250], x)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*0 … 249*");
        FluentActions.Invoking(() => f.Sample(x, [0, 1], x)).Should().Throw<ArgumentException>().WithMessage("*2 timesteps for a batch of 3*");
    }
}
