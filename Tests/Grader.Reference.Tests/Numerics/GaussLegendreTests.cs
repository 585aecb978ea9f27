using Grader.Reference.Numerics;

namespace Grader.Reference.Tests.Numerics;

public sealed class GaussLegendreTests
{
    [TestCase(1)]
    [TestCase(5)]
    [TestCase(32)]
    [TestCase(64)]
    public void The_rule_matches_MathNet_and_its_weights_sum_to_two(int n)
    {
        var rule = GaussLegendre.Rule(n);
        var mathNet = new MathNet.Numerics.Integration.GaussLegendreRule(-1, 1, n);
        rule.Nodes.Should().HaveCount(n);
        for (int i = 0; i < n; i++)
        {
            rule.Nodes[i].Should().BeApproximately(mathNet.Abscissas[i], 1e-14);
            rule.Weights[i].Should().BeApproximately(mathNet.Weights[i], 1e-14);
        }
        rule.Weights.Sum().Should().BeApproximately(2, 1e-13);
    }

    [Test]
    public void The_n_point_rule_is_exact_to_degree_2n_minus_1_and_not_beyond()
    {
        var rule = GaussLegendre.Rule(4);
        for (int k = 0; k <= 7; k++)
        {
            double exact = (Math.Pow(2, k + 1) - Math.Pow(-1, k + 1)) / (k + 1); // ∫_{−1}^{2} x^k dx
            rule.Integrate(x => Math.Pow(x, k), -1, 2).Should().BeApproximately(exact, 1e-12 * Math.Max(1, Math.Abs(exact)), $"degree {k}");
        }
        double exact8 = (Math.Pow(2, 9) + 1) / 9;
        Math.Abs(rule.Integrate(x => Math.Pow(x, 8), -1, 2) - exact8).Should().BeGreaterThan(1e-3, "degree 8 is beyond a 4-point rule");
    }

    [Test]
    public void Piecewise_integration_handles_a_kink()
    {
        // ∫_{−3}^{5} e^{−|x − 1|} dx = 2 − e^{−4} − e^{−4}.
        double exact = 2 - 2 * Math.Exp(-4);
        GaussLegendre.Integrate(x => Math.Exp(-Math.Abs(x - 1)), [-3, 1, 5]).Should().BeApproximately(exact, 1e-14);
    }
}
