using Grader.Metrics;

namespace Grader.Reference.Tests.Metrics;

public sealed class EnergyDistanceTests
{
    [Test]
    public void Hand_worked_one_dimensional_case_and_the_scipy_relation()
    {
        // x = {0, 1}, y = {2, 3}: cross distances 2, 3, 1, 2 (mean 2); within distances 1 each side.
        // U = 2·2 − 1 − 1 = 2. V = 2·2 − 2/4 − 2/4 = 3 = 2∫(F − G)² = 2(0.25 + 1 + 0.25); scipy returns sqrt(3).
        var x = TestSamples.Column(0, 1);
        var y = TestSamples.Column(2, 3);
        EnergyDistance.UnbiasedSquared(x, y).Should().Be(2);
        var (u, v) = TestSamples.BruteEnergy(x, y);
        u.Should().Be(2);
        v.Should().Be(3);
        // E_V = E_U + A/(m²(m−1)) + B/(n²(n−1)) with A = B = Σ_{i≠j} = 2.
        (u + 2 / (4.0 * 1) + 2 / (4.0 * 1)).Should().Be(v);
    }

    [Test]
    public void Hand_worked_two_dimensional_case()
    {
        // x = {(0,0), (3,4)}, y = {(0,4), (3,0)}: within distances 5 and 5; cross distances 4, 3, 3, 4.
        var x = TestSamples.Matrix([0, 0], [3, 4]);
        var y = TestSamples.Matrix([0, 4], [3, 0]);
        EnergyDistance.UnbiasedSquared(x, y).Should().BeApproximately(2 * 3.5 - 5 - 5, 1e-15);
    }

    [TestCase(1, 1, 30, 41)]
    [TestCase(2, 2, 17, 60)]
    [TestCase(3, 4, 25, 25)]
    [TestCase(4, 2, 2, 3)]
    public void Matches_brute_force_definition(int seed, int d, int m, int n)
    {
        var x = TestSamples.Gaussian(m, d, seed);
        var y = TestSamples.Gaussian(n, d, seed + 50, mean: -0.3, std: 0.7);
        EnergyDistance.UnbiasedSquared(x, y).Should().BeApproximately(TestSamples.BruteEnergy(x, y).U, 1e-13);
    }

    [Test]
    public void Is_symmetric_translation_invariant_and_deterministic()
    {
        var x = TestSamples.Gaussian(500, 2, 3);
        var y = TestSamples.Gaussian(450, 2, 4, std: 1.2);
        var e = EnergyDistance.UnbiasedSquared(x, y);
        EnergyDistance.UnbiasedSquared(x, y).Should().Be(e);
        EnergyDistance.UnbiasedSquared(y, x).Should().BeApproximately(e, 1e-14);
        var xs = (double[,])x.Clone();
        var ys = (double[,])y.Clone();
        for (var i = 0; i < 500; i++) xs[i, 0] += 5;
        for (var i = 0; i < 450; i++) ys[i, 0] += 5;
        EnergyDistance.UnbiasedSquared(xs, ys).Should().BeApproximately(e, 1e-12);
    }

    [Test]
    public void Rejects_a_single_row()
    {
        FluentActions.Invoking(() => EnergyDistance.UnbiasedSquared(TestSamples.Column(1), TestSamples.Column(1, 2)))
            .Should().Throw<ArgumentException>().WithMessage("*at least 2 rows*");
    }
}
