using static Grader.Tensors.Tests.Distributions.DistributionCheck;

using Grader.Tensors.Distributions;

namespace Grader.Tensors.Tests.Distributions;

/// <summary>
/// kl_divergence (Distributions/KullbackLeibler.cs) against ∫ p log(p/q) computed by quadrature in double (for the
/// continuous pairs) and Σ p log(p/q) (categorical): an independent route from the closed forms.
/// </summary>
public class KullbackLeiblerTests
{
    private static double Quadrature(Func<double, double> logP, Func<double, double> logQ, double lo, double hi)
    {
        // Simpson's rule with 40000 intervals; the integrands are smooth apart from Laplace kinks, which the fine grid bounds.
        int n = 40000;
        double h = (hi - lo) / n, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double x = lo + i * h, f = Math.Exp(logP(x)) * (logP(x) - logQ(x));
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    private static Gen<float[]> Parameters => TensorGen.Uniform(-1, 1).ArrayOf(4).Select(v => new[] { v[0], 0.5f + Math.Abs(v[1]), v[2], 0.5f + Math.Abs(v[3]) });

    [Test]
    public void Normal_and_laplace_pairs_match_quadrature() =>
        PropertyCheck.ForAll(Parameters, v =>
        {
            var (m1, s1, m2, s2) = (v[0], v[1], v[2], v[3]);
            var nn = distributions.kl_divergence(distributions.Normal(m1, s1), distributions.Normal(m2, s2)).item();
            var n1 = new MathNet.Numerics.Distributions.Normal(m1, s1);
            var n2 = new MathNet.Numerics.Distributions.Normal(m2, s2);
            double expected = Quadrature(n1.DensityLn, n2.DensityLn, -30, 30);
            AssertAgrees("KL(Normal ‖ Normal)", nn, expected, 4 * (1 + Math.Abs(expected)) + 1e-4 / (16 * DistributionCheck.Eps32));
            var ll = distributions.kl_divergence(distributions.Laplace(m1, s1), distributions.Laplace(m2, s2)).item();
            var l1 = new MathNet.Numerics.Distributions.Laplace(m1, s1);
            var l2 = new MathNet.Numerics.Distributions.Laplace(m2, s2);
            expected = Quadrature(l1.DensityLn, l2.DensityLn, -60, 60);
            AssertAgrees("KL(Laplace ‖ Laplace)", ll, expected, 4 * (1 + Math.Abs(expected)) + 1e-4 / (16 * DistributionCheck.Eps32));
            Assert.That(distributions.kl_divergence(distributions.Normal(m1, s1), distributions.Normal(m1, s1)).item(), Is.EqualTo(0f).Within(1e-6), "KL(p ‖ p) = 0");
        }, cases: 20);

    [Test]
    public void Categorical_pair_matches_the_sum_and_handles_zero_mass()
    {
        var p = new[] { 0.1, 0.2, 0.3, 0.4 };
        var q = new[] { 0.25, 0.25, 0.25, 0.25 };
        var kl = distributions.kl_divergence(distributions.Categorical(probs: tensor(p)), distributions.Categorical(probs: tensor(q))).item();
        Assert.That(kl, Is.EqualTo(p.Select((pi, i) => pi * Math.Log(pi / q[i])).Sum()).Within(1e-6));
        var zeroQ = distributions.Categorical(logits: tensor([0f, float.NegativeInfinity]));
        var zeroP = distributions.Categorical(logits: tensor([float.NegativeInfinity, 0f]));
        Assert.That(distributions.kl_divergence(zeroQ, zeroQ).item(), Is.EqualTo(0f), "0·log 0 counts as 0");
        Assert.That(distributions.kl_divergence(zeroP, zeroQ).item(), Is.EqualTo(float.PositiveInfinity), "mass where q has none");
    }

    [Test]
    public void Gradients_match_finite_differences_and_other_pairs_are_refused()
    {
        PropertyCheck.ForAll(Parameters, v =>
        {
            GradCheck.Assert(t => distributions.kl_divergence(distributions.Normal(t[0], t[1]), distributions.Normal(t[2], t[3])),
                tensor([v[0]]), tensor([v[1]]), tensor([v[2]]), tensor([v[3]]));
            GradCheck.AssertSecondOrder(t => distributions.kl_divergence(distributions.Normal(t[0], t[1]), distributions.Normal(t[2], t[3])),
                tensor([v[0]]), tensor([v[1]]), tensor([v[2]]), tensor([v[3]]));
        }, cases: 10);
        Assert.That(Assert.Throws<NotSupportedException>(() => distributions.kl_divergence(distributions.LogNormal(0f, 1f), distributions.Normal(0f, 1f)))!.Message,
            Does.StartWith("kl_divergence(LogNormal, Normal) has no closed form here"));
    }
}
