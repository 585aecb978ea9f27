using Grader.Metrics;

namespace Grader.Reference.Tests.Metrics;

public sealed class SlicedWassersteinTests
{
    [TestCase(0)]
    [TestCase(17)]
    public void One_dimensional_equal_sizes_hand_worked(int seed)
    {
        // In 1-D every direction is ±1, so SW_p = W_p: sorted pairs (0,2), (1,3) → W2² = 4, W1 = 2.
        var x = TestSamples.Column(1, 0);
        var y = TestSamples.Column(3, 2);
        SlicedWasserstein.Distance(x, y, seed).Should().BeApproximately(2, 1e-15);
        SlicedWasserstein.Distance(x, y, seed, p: 1).Should().BeApproximately(2, 1e-15);
    }

    [Test]
    public void One_dimensional_unequal_sizes_by_quantile_matching()
    {
        // x = {0, 1}, y = {0, 1, 2}: on (1/3, 1/2] the quantiles are 0 vs 1, on (2/3, 1] 1 vs 2, elsewhere equal.
        // W1 = 1/6 + 1/3 = 0.5 (scipy.stats.wasserstein_distance gives 0.5); W2² = 0.5.
        var x = TestSamples.Column(0, 1);
        var y = TestSamples.Column(0, 1, 2);
        SlicedWasserstein.Distance(x, y, seed: 3, p: 1).Should().BeApproximately(0.5, 1e-15);
        SlicedWasserstein.Distance(x, y, seed: 3).Should().BeApproximately(Math.Sqrt(0.5), 1e-15);
        SlicedWasserstein.PowerWasserstein1D([0, 1], [2, 1, 0], 2).Should().BeApproximately(0.5, 1e-15);
    }

    [TestCase(1, 7, 5, 2.0)]
    [TestCase(2, 6, 9, 1.0)]
    [TestCase(3, 4, 4, 3.0)]
    [TestCase(4, 1, 6, 1.5)]
    public void One_dimensional_power_matches_a_brute_force_quantile_integral(int seed, int m, int n, double p)
    {
        var a = TestSamples.Gaussian1D(m, seed);
        var b = TestSamples.Gaussian1D(n, seed + 1, mean: 0.5);
        var sa = a.OrderBy(v => v).ToArray();
        var sb = b.OrderBy(v => v).ToArray();
        // The quantile functions are constant between multiples of 1/(mn): evaluate at the midpoints.
        var cells = m * n;
        double sum = 0;
        for (var c = 0; c < cells; c++)
        {
            var t = (c + 0.5) / cells;
            sum += Math.Pow(Math.Abs(sa[(int)Math.Floor(t * m)] - sb[(int)Math.Floor(t * n)]), p);
        }
        SlicedWasserstein.PowerWasserstein1D(a, b, p).Should().BeApproximately(sum / cells, 1e-12);
    }

    [Test]
    public void Explicit_axis_directions_average_the_marginal_powers()
    {
        var x = TestSamples.Gaussian(40, 2, 5);
        var y = TestSamples.Gaussian(40, 2, 6, mean: 1, std: 2);
        double W2(int c) => SlicedWasserstein.PowerWasserstein1D(Col(x, c), Col(y, c), 2);
        var directions = TestSamples.Matrix([1, 0], [0, -3]); // normalised to (0, -1); the sign does not matter
        SlicedWasserstein.Distance(x, y, directions).Should().BeApproximately(Math.Sqrt((W2(0) + W2(1)) / 2), 1e-14);
    }

    [Test]
    public void A_translation_gives_the_projected_shift_exactly_and_its_spherical_mean()
    {
        // y = x + c: every projection is shifted by θ·c, so W2²(θ) = (θ·c)²; E_θ (θ·c)² = ||c||²/d.
        var x = TestSamples.Gaussian(30, 3, 9);
        double[] c = [1.0, -2.0, 0.5];
        var y = (double[,])x.Clone();
        for (var i = 0; i < 30; i++) for (var k = 0; k < 3; k++) y[i, k] += c[k];
        var dirs = SlicedWasserstein.RandomDirections(3, 50, seed: 4);
        double expected = 0;
        for (var l = 0; l < 50; l++)
        {
            var dot = dirs[l, 0] * c[0] + dirs[l, 1] * c[1] + dirs[l, 2] * c[2];
            expected += dot * dot;
        }
        SlicedWasserstein.Distance(x, y, seed: 4).Should().BeApproximately(Math.Sqrt(expected / 50), 1e-12);
        var normC2 = 1 + 4 + 0.25;
        SlicedWasserstein.Distance(x, y, seed: 4, projections: 20000).Should().BeApproximately(Math.Sqrt(normC2 / 3), 0.02);
    }

    [Test]
    public void Random_directions_are_unit_seeded_and_isotropic()
    {
        var a = SlicedWasserstein.RandomDirections(3, 20000, seed: 12);
        var b = SlicedWasserstein.RandomDirections(3, 20000, seed: 12);
        var c = SlicedWasserstein.RandomDirections(3, 20000, seed: 13);
        a.Cast<double>().SequenceEqual(b.Cast<double>()).Should().BeTrue("the directions depend only on the seed");
        c[0, 0].Should().NotBe(a[0, 0]);
        var second = new double[3, 3];
        double worstNorm = 0;
        for (var l = 0; l < 20000; l++)
        {
            worstNorm = Math.Max(worstNorm, Math.Abs(a[l, 0] * a[l, 0] + a[l, 1] * a[l, 1] + a[l, 2] * a[l, 2] - 1));
            for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) second[i, j] += a[l, i] * a[l, j] / 20000;
        }
        worstNorm.Should().BeLessThan(1e-14);
        // E[θθᵀ] = I/3 for θ uniform on the sphere; the Monte Carlo sd of each entry is below 0.003.
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                second[i, j].Should().BeApproximately(i == j ? 1.0 / 3 : 0, 0.015);
    }

    [Test]
    public void Is_zero_for_identical_samples_symmetric_and_deterministic()
    {
        var x = TestSamples.Gaussian(300, 2, 1);
        var y = TestSamples.Gaussian(200, 2, 2);
        SlicedWasserstein.Distance(x, x, seed: 0).Should().Be(0);
        var d = SlicedWasserstein.Distance(x, y, seed: 5);
        SlicedWasserstein.Distance(x, y, seed: 5).Should().Be(d);
        SlicedWasserstein.Distance(y, x, seed: 5).Should().BeApproximately(d, 1e-14);
        SlicedWasserstein.Distance(x, y, seed: 6).Should().NotBe(d);
    }

    [Test]
    public void Rejects_bad_input()
    {
        var x = TestSamples.Gaussian(5, 2, 1);
        FluentActions.Invoking(() => SlicedWasserstein.Distance(x, x, 0, p: 0.5)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => SlicedWasserstein.Distance(x, x, TestSamples.Matrix([0, 0]))).Should().Throw<ArgumentException>().WithMessage("*zero*");
        FluentActions.Invoking(() => SlicedWasserstein.Distance(x, TestSamples.Gaussian(5, 3, 1), 0)).Should().Throw<ArgumentException>();
    }

    private static double[] Col(double[,] s, int c)
    {
        var r = new double[s.GetLength(0)];
        for (var i = 0; i < r.Length; i++) r[i] = s[i, c];
        return r;
    }
}
