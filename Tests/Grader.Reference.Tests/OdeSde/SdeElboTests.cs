using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The simulation-free ELBO on a linear-Gaussian SDE whose marginal and posterior are known in closed form
/// (<see cref="LinearGaussianSde"/>): exact per example for replayed draws, unbiased for its expectation, equal to
/// log p(y) when q is the posterior and below it otherwise.
/// </summary>
public sealed class SdeElboTests
{
    /// <summary>Two-sided z for a false-fail rate of 1e-6.</summary>
    private const double Z1e6 = 4.8916;

    private const double Eps32 = 5.96e-8;

    private static readonly LinearGaussianSde Process = new(A: -0.7, S: 0.8, B: 0.3);

    private static SdeElboTerms Elbo(LinearQ q, Tensor y, IElboNoiseSource noise)
    {
        using var _ = no_grad();
        return SdeElbo.Compute(ContractNetwork.Of(Process.Drift), ContractNetwork.Of(Process.Diffusion), ContractNetwork.Of(q.AlphaNetwork),
            ContractNetwork.Of(q.BetaNetwork), tensor([(float)Process.B], 1), y, noise);
    }

    /// <summary>
    /// With the draws replayed from the keyed source, each example's ELBO and its three terms equal the formula evaluated
    /// in double on the same draws. Tolerance, derived: each term takes about 20 float32 roundings of quantities no larger
    /// than the term itself or (|y| + |x₁|)²/b² (the likelihood's square), so |Δ| ≤ 200·ε·(1 + |terms| + (|y| + |x₁|)²/b²)
    /// with a safety factor 10.
    /// </summary>
    [Test]
    public void Each_example_equals_the_formula_on_its_replayed_draws()
    {
        var ys = Enumerable.Range(0, 64).Select(i => -3 + 6.0 * i / 63).ToArray();
        var y = tensor(ys, ys.Length, 1);
        foreach (var q in new[] { Process.Posterior(), Process.NotebookStyle() })
        {
            var noise = new KeyedElboNoise(17);
            var terms = Elbo(q, y, noise);
            int[] shape = [ys.Length, 1];
            var replay = new KeyedElboNoise(17);
            var t = replay.Times(shape).ToDoubleArray();
            var e1 = replay.NoiseAtOne(shape).ToDoubleArray();
            var e0 = replay.NoiseAtZero(shape).ToDoubleArray();
            var et = replay.NoiseAtTime(shape).ToDoubleArray();
            var (elbo, likelihood, kl, drift) = (terms.Elbo.ToDoubleArray(), terms.Likelihood.ToDoubleArray(), terms.KlDivergence.ToDoubleArray(), terms.DriftMatching.ToDoubleArray());
            for (int i = 0; i < ys.Length; i++)
            {
                var expected = Process.ElboOfDraws(q, ys[i], t[i], e1[i], e0[i], et[i]);
                double x1 = q.K(1) * ys[i] + q.Beta(1) * e1[i];
                double scale = 1 + Math.Abs(expected.Likelihood) + Math.Abs(expected.Kl) + Math.Abs(expected.DriftMatching)
                    + Math.Pow(Math.Abs(ys[i]) + Math.Abs(x1), 2) / (Process.B * Process.B);
                double tol = 200 * Eps32 * scale;
                likelihood[i].Should().BeApproximately(expected.Likelihood, tol, $"likelihood term, example {i}");
                kl[i].Should().BeApproximately(expected.Kl, tol, $"KL term, example {i}");
                drift[i].Should().BeApproximately(expected.DriftMatching, tol, $"drift matching term, example {i}");
                elbo[i].Should().BeApproximately(expected.Elbo, tol, $"ELBO, example {i}");
            }
        }
    }

    /// <summary>
    /// The double-precision algebra of the test itself: with q the posterior, the closed-form E[ELBO] equals log p(y)
    /// (to 1e-10; mpmath at 30 digits gives −1.967653727525078 for y = 1.3 both ways), and with the notebook-style q it
    /// lies below (−3.256327 for y = 1.3; the gap, KL of the two path measures, is smallest at y = 0: 0.031).
    /// </summary>
    [Test]
    public void The_bound_is_tight_for_the_posterior_and_loose_otherwise_in_closed_form()
    {
        Process.ExpectedElbo(Process.Posterior(), 1.3).Should().BeApproximately(-1.967653727525078, 1e-10);
        Process.LogP(1.3).Should().BeApproximately(-1.967653727525078, 1e-12);
        Process.ExpectedElbo(Process.NotebookStyle(), 1.3).Should().BeApproximately(-3.256327131041705, 1e-10);
        foreach (var y in new[] { -2.5, -0.4, 0.0, 0.9, 2.2 })
        {
            Process.ExpectedElbo(Process.Posterior(), y).Should().BeApproximately(Process.LogP(y), 1e-10);
            Process.ExpectedElbo(Process.NotebookStyle(), y).Should().BeLessThan(Process.LogP(y) - 0.01);
        }
    }

    /// <summary>
    /// Unbiased: over M = 40,000 examples (one y repeated, t and ε from the keyed source) the mean ELBO equals the closed
    /// form E[ELBO(y)], whose time integral is the quadrature over t. Band: 4.89 sample sd/√M (false-fail 1e-6) plus the
    /// float32 tolerance of one example. With q the posterior that expectation is log p(y); with the notebook-style q it
    /// is 1.29 below log p(y), dozens of bands away, so the estimator lies below log p by more than its noise.
    /// </summary>
    [TestCase(1.3)]
    [TestCase(-2.1)]
    public void The_mean_over_random_t_equals_the_quadrature_over_t(double yValue)
    {
        const int m = 40_000;
        var y = full([m, 1], (float)yValue);
        foreach (var (name, q) in new[] { ("posterior", Process.Posterior()), ("notebook-style", Process.NotebookStyle()) })
        {
            var elbo = Elbo(q, y, new KeyedElboNoise(23)).Elbo.ToDoubleArray();
            double mean = elbo.Average(), sd = Math.Sqrt(elbo.Sum(v => (v - mean) * (v - mean)) / (m - 1));
            double expected = Process.ExpectedElbo(q, yValue);
            double band = Z1e6 * sd / Math.Sqrt(m) + 200 * Eps32 * (1 + Math.Abs(expected));
            TestContext.Out.WriteLine($"y = {yValue}, {name}: mean ELBO {mean:F5} ± {band:F5}, closed form {expected:F5}, log p(y) {Process.LogP(yValue):F5} (sd per example {sd:F3})");
            mean.Should().BeApproximately(expected, band, name);
            if (name == "posterior") mean.Should().BeApproximately(Process.LogP(yValue), band);
            else mean.Should().BeLessThan(Process.LogP(yValue) - 10 * band);
        }
    }

    /// <summary>
    /// At a fixed t the drift matching term's mean over ε equals ½(A² + B²β²)/s² (see <see cref="LinearGaussianSde.ExpectedTerms"/>),
    /// at t = 0.05, 0.5 and 0.95 (20,000 draws each, band as above): the integrand the random t averages is right at every t.
    /// </summary>
    [Test]
    public void The_drift_term_has_the_right_mean_at_each_fixed_t()
    {
        const int m = 20_000;
        var q = Process.NotebookStyle();
        foreach (var t in new[] { 0.05, 0.5, 0.95 })
        {
            var y = full([m, 1], 0.7f);
            var drift = Elbo(q, y, new FixedTimes(t, new KeyedElboNoise(29))).DriftMatching.ToDoubleArray();
            double mean = drift.Average(), sd = Math.Sqrt(drift.Sum(v => (v - mean) * (v - mean)) / (m - 1));
            double expected = Process.ExpectedTerms(q, 0.7, t).DriftMatching;
            mean.Should().BeApproximately(expected, Z1e6 * sd / Math.Sqrt(m) + 200 * Eps32 * (1 + expected), $"t = {t}");
        }
    }

    /// <summary>
    /// The variational forward-SDE drift g = ∂α/∂t + (∂β/∂t)(x − α)/β + ½∂σ²/∂x + ½σ²·s, for the posterior's α and β,
    /// is the posterior process's drift a·x + s²·∂ₓ log p(y | x_t = x) from Doob's h-transform (a formula derived
    /// independently), at points across x, y and t. Tolerance: float32 rounding of the network values (relative 1e-6 of
    /// the terms, ≤ 50) → 1e-4.
    /// </summary>
    [Test]
    public void The_forward_sde_drift_of_the_posterior_is_the_h_transform()
    {
        var q = Process.Posterior();
        var points = (from x in new[] { -2.0, -0.3, 0.8, 2.5 } from yv in new[] { -1.5, 0.4, 2.0 } from t in new[] { 0.02, 0.3, 0.7, 0.98 } select (x, yv, t)).ToArray();
        var xs = tensor(points.Select(p => p.x).ToArray(), points.Length, 1);
        var ys = tensor(points.Select(p => p.yv).ToArray(), points.Length, 1);
        var ts = tensor(points.Select(p => p.t).ToArray(), points.Length, 1);
        var variational = new Variational(ContractNetwork.Of(q.AlphaNetwork), ContractNetwork.Of(q.BetaNetwork), ys, ts);
        var (g, sigmaSquared) = variational.Drift(xs, VariationalDrift.Sde, ContractNetwork.Of(Process.Diffusion));
        var gv = g.ToDoubleArray();
        for (int i = 0; i < points.Length; i++)
            gv[i].Should().BeApproximately(Process.PosteriorDrift(points[i].x, points[i].yv, points[i].t), 1e-4, $"at {points[i]}");
        sigmaSquared!.ToDoubleArray().Should().OnlyContain(v => Math.Abs(v - Process.S * Process.S) < 1e-6);
    }

    /// <summary>
    /// The three drifts of <c>Variational.drift</c> differ by exactly ±(½∂σ²/∂x + ½σ²·s) from the ODE drift, and the ODE
    /// drift is ∂α/∂t + (∂β/∂t)·ε for x = α + βε.
    /// </summary>
    [Test]
    public void The_three_variational_drifts_are_the_notebooks()
    {
        var model = new SdeModel(new Generator(3));
        var y = tensor(new[] { -4.0, 0.5, 7.0 }, 3, 1);
        var t = tensor(new[] { 0.2, 0.5, 0.9 }, 3, 1);
        var x = tensor(new[] { -3.0, 1.0, 6.5 }, 3, 1);
        var q = new Variational(model.AlphaNet, model.BetaNet, y, t);
        var (ode, none) = q.Drift(x, VariationalDrift.Ode);
        var (sde, s2) = q.Drift(x, VariationalDrift.Sde, model.Sigma);
        var (back, _) = q.Drift(x, VariationalDrift.BackwardSde, model.Sigma);
        none.Should().BeNull();
        var (sigma, dsdx) = model.Sigma.WithPartialX(x, t, createGraph: false);
        var correction = sigma * dsdx + sigma * sigma / 2 * (-(x - q.Alpha) / q.Beta.pow(2));
        ((sde - ode) - correction).abs().max().item().Should().BeLessThan(1e-5f);
        ((ode - back) - correction).abs().max().item().Should().BeLessThan(1e-5f);
        (s2! - sigma * sigma).abs().max().item().Should().BeLessThan(1e-6f);
        var eps = (x - q.Alpha) / q.Beta;
        (ode - (q.DAlphaDt! + q.DBetaDt! * eps)).abs().max().item().Should().BeLessThan(1e-5f);
    }

    /// <summary>A source whose times are all t; the noises are the inner source's.</summary>
    private sealed class FixedTimes(double t, IElboNoiseSource inner) : IElboNoiseSource
    {
        public Tensor Times(int[] shape) => full(shape, (float)t);

        public Tensor NoiseAtZero(int[] shape) => inner.NoiseAtZero(shape);

        public Tensor NoiseAtOne(int[] shape) => inner.NoiseAtOne(shape);

        public Tensor NoiseAtTime(int[] shape) => inner.NoiseAtTime(shape);
    }
}
