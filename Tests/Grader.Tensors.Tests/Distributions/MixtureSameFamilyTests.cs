using System.Globalization;
using static Grader.Tensors.Tests.Distributions.DistributionCheck;

using Grader.Tensors.Distributions;

namespace Grader.Tensors.Tests.Distributions;

/// <summary>
/// MixtureSameFamily (Distributions/MixtureSameFamily.cs) on the KU ODE/SDE sheet's data: five Laplace(μ, 1)
/// components at μ ∈ {−8, −4, 0, 4, 8} with equal weights, whose expected log-likelihood the notebook prints as about
/// −2.988 (shared/research/seed-origins.md §4); and batched Normal mixtures against double.
/// </summary>
public class MixtureSameFamilyTests
{
    private static readonly double[] Means = [-8, -4, 0, 4, 8];

    private static MixtureSameFamily LaplaceMixture() =>
        distributions.MixtureSameFamily(distributions.Categorical(probs: ones(5)), distributions.Laplace(tensor(Means), ones(5)));

    private static double Density(double x) => Means.Sum(m => Math.Exp(-Math.Abs(x - m)) / 2) / 5;

    private static double Cdf(double x) => Means.Sum(m => x < m ? 0.5 * Math.Exp(x - m) : 1 - 0.5 * Math.Exp(m - x)) / 5;

    [Test]
    public void The_sheets_laplace_mixture_has_expected_log_likelihood_minus_2_988()
    {
        // E[log p] = ∫ p log p by the trapezoidal rule on [−40, 40] (step 1e-3; the tails beyond hold e^{−32} of mass).
        double h = 1e-3, integral = 0;
        for (double x = -40; x <= 40; x += h) integral += Density(x) * Math.Log(Density(x)) * h;
        TestContext.Out.WriteLine($"E[log p] by quadrature: {integral:F5}");
        Assert.That(integral, Is.EqualTo(-2.988).Within(0.0005), "the notebook's −2.988");

        // Monte Carlo with our sampler and log_prob: the mean of 20000 values of log p(X) is within 5.33 standard errors
        // of the quadrature (two-sided normal tail 10⁻⁷; the standard error from the sample itself).
        var d = LaplaceMixture();
        var lp = d.log_prob(d.sample(new Generator(9), 20000)).ToDoubleArray();
        double mean = lp.Average(), se = Math.Sqrt(lp.Sum(v => (v - mean) * (v - mean)) / (lp.Length - 1) / lp.Length);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Monte Carlo: {mean:F4} ± {se:F4}"));
        Assert.That(Math.Abs(mean - integral), Is.LessThan(5.33 * se));
    }

    [Test]
    public void Log_prob_cdf_and_moments_match_double()
    {
        var d = LaplaceMixture();
        Assert.That((d.batch_shape, d.event_shape), Is.EqualTo((Array.Empty<int>(), Array.Empty<int>())));
        var x = new[] { -12f, -8f, -6.5f, -2f, 0f, 0.3f, 3.9f, 8f, 15f };
        var lp = d.log_prob(tensor(x)).ToArray();
        var cdf = d.cdf(tensor(x)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            AssertAgrees($"log_prob({x[i]})", lp[i], Math.Log(Density(x[i])), Condition(z => Math.Log(Density(z[0])), x[i]) + 5 * 3);
            AssertAgrees($"cdf({x[i]})", cdf[i], Cdf(x[i]), Condition(z => Cdf(z[0]), x[i]), natural: 5);
        }
        Assert.That(d.mean.item(), Is.EqualTo(0f).Within(1e-6));
        Assert.That(d.variance.item(), Is.EqualTo(34f).Within(34 * 8 * DistributionCheck.Eps32), "Σπ·2b² + Σπ·μ² = 2 + 32");
        Assert.That(d.has_rsample, Is.False);
        Assert.Throws<NotSupportedException>(() => d.rsample(new Generator(1)));
        Assert.Throws<NotSupportedException>(() => d.icdf(scalar(0.5f)));
    }

    /// <summary>20000 draws against the double cdf: the DKW threshold at α = 10⁻⁶, as in UnivariateTests.</summary>
    [Test]
    public void Samples_follow_the_mixture() =>
        AssertSampleFollows("Laplace mixture", LaplaceMixture().sample(new Generator(13), 20000).ToArray(), Cdf);

    /// <summary>A batch of two Normal mixtures of three components ([2] mixture, [2, 3] components), log_prob in double, and gradients.</summary>
    [Test]
    public void Batched_normal_mixtures_and_their_gradients() =>
        PropertyCheck.ForAll(
            from logits in TensorGen.Uniform(-1, 1).ArrayOf(6)
            from loc in TensorGen.Uniform(-2, 2).ArrayOf(6)
            from scale in TensorGen.Uniform(0.5, 1.5).ArrayOf(6)
            from x in TensorGen.Uniform(-3, 3).ArrayOf(8)
            select (logits, loc, scale, x), c =>
            {
                MixtureSameFamily Make(Tensor l, Tensor m, Tensor s) =>
                    distributions.MixtureSameFamily(distributions.Categorical(logits: l), distributions.Normal(m, s));
                var d = Make(tensor(c.logits, 2, 3), tensor(c.loc, 2, 3), tensor(c.scale, 2, 3));
                Assert.That(d.batch_shape, Is.EqualTo(new[] { 2 }));
                var lp = d.log_prob(tensor(c.x, 4, 2)).ToArray();
                Assert.That(d.sample(new Generator(2), 4).shape, Is.EqualTo(new[] { 4, 2 }));
                for (int i = 0; i < 8; i++)
                {
                    int b = i % 2;
                    double Lp(double v)
                    {
                        var w = Enumerable.Range(0, 3).Select(k => Math.Exp(c.logits[b * 3 + k])).ToArray();
                        return Math.Log(Enumerable.Range(0, 3).Sum(k => w[k] / w.Sum() * new MathNet.Numerics.Distributions.Normal(c.loc[b * 3 + k], c.scale[b * 3 + k]).Density(v)));
                    }
                    AssertAgrees($"log_prob({c.x[i]})", lp[i], Lp(c.x[i]), Condition(z => Lp(z[0]), c.x[i]) + 3 * (Math.Abs(Lp(c.x[i])) + 9));
                }
                GradCheck.Assert(t => Make(t[0], t[1], t[2]).log_prob(t[3]) + Make(t[0], t[1], t[2]).cdf(t[3]),
                    tensor(c.logits, 2, 3), tensor(c.loc, 2, 3), tensor(c.scale, 2, 3), tensor(c.x, 4, 2));
                GradCheck.Assert(t => Make(t[0], t[1], t[2]).mean + Make(t[0], t[1], t[2]).variance, tensor(c.logits, 2, 3), tensor(c.loc, 2, 3), tensor(c.scale, 2, 3));
            }, cases: 8);

    [Test]
    public void Incompatible_shapes_are_refused()
    {
        var normal = distributions.Normal(zeros(2, 3), ones(2, 3));
        Assert.That(Assert.Throws<ArgumentException>(() => distributions.MixtureSameFamily(distributions.Categorical(logits: zeros(4)), normal))!.Message,
            Is.EqualTo("MixtureSameFamily: the mixture has 4 components, the component distribution's last batch dim 3"));
        Assert.Throws<ArgumentException>(() => distributions.MixtureSameFamily(distributions.Categorical(logits: zeros(5, 3)), normal));
        Assert.Throws<ArgumentException>(() => distributions.MixtureSameFamily(distributions.Categorical(logits: zeros(1)), distributions.Normal(0f, 1f)));
    }
}
