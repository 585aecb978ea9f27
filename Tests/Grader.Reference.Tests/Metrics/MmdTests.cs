using Grader.Metrics;

namespace Grader.Reference.Tests.Metrics;

public sealed class MmdTests
{
    [Test]
    public void Hand_worked_identical_pairs_give_the_negative_unbiased_value()
    {
        // x = y = {0, 1}, σ = 1: XX = YY = e^{-1/2}, XY = (2 + 2e^{-1/2})/4 · 2 = 1 + e^{-1/2}, so MMD²_u = e^{-1/2} − 1.
        var x = TestSamples.Column(0, 1);
        var y = TestSamples.Column(0, 1);
        Mmd.UnbiasedSquared(x, y, bandwidth: 1).Should().BeApproximately(Math.Exp(-0.5) - 1, 1e-15);
    }

    [Test]
    public void Hand_worked_interleaved_points()
    {
        // x = {0, 2}, y = {1, 3}, σ = 1: XX = YY = e^{-2}; XY pairs at distances 1, 3, 1, 1.
        var x = TestSamples.Column(0, 2);
        var y = TestSamples.Column(1, 3);
        var expected = 2 * Math.Exp(-2) - 2.0 / 4 * (3 * Math.Exp(-0.5) + Math.Exp(-4.5));
        Mmd.UnbiasedSquared(x, y, bandwidth: 1).Should().BeApproximately(expected, 1e-15);
    }

    [Test]
    public void Bandwidth_enters_as_two_sigma_squared()
    {
        // One point each side is not allowed; two points at distance 2 with σ = 2: k = exp(-4/8) = e^{-1/2}.
        var x = TestSamples.Column(0, 2);
        var y = TestSamples.Column(10, 12);
        var kxx = Math.Exp(-0.5);
        var cross = (Math.Exp(-100 / 8.0) + Math.Exp(-144 / 8.0) + Math.Exp(-64 / 8.0) + Math.Exp(-100 / 8.0)) / 4;
        Mmd.UnbiasedSquared(x, y, bandwidth: 2).Should().BeApproximately(2 * kxx - 2 * cross, 1e-15);
    }

    [TestCase(1, 2, 40, 57)]
    [TestCase(2, 3, 31, 12)]
    [TestCase(3, 5, 25, 25)]
    [TestCase(4, 1, 3, 2)]
    public void Matches_brute_force_definition(int seed, int d, int m, int n)
    {
        var x = TestSamples.Gaussian(m, d, seed);
        var y = TestSamples.Gaussian(n, d, seed + 100, mean: 0.2, std: 1.3);
        var sigma = TestSamples.MedianPooledDistance(x, y);
        Mmd.MedianHeuristic(x, y).Should().BeApproximately(sigma, 1e-14);
        Mmd.UnbiasedSquared(x, y).Should().BeApproximately(TestSamples.BruteMmd(x, y, sigma), 1e-13);
        Mmd.UnbiasedSquared(x, y, 0.7).Should().BeApproximately(TestSamples.BruteMmd(x, y, 0.7), 1e-13);
    }

    [Test]
    public void Median_heuristic_hand_worked_odd_and_even_pair_counts()
    {
        // Pooled {0, 1, 3}: distances 1, 3, 2 → median 2.
        Mmd.MedianHeuristic(TestSamples.Column(0, 1), TestSamples.Column(3)).Should().Be(2);
        // Pooled {0, 1, 3, 7}: distances 1, 2, 3, 4, 6, 7 → (3 + 4)/2.
        Mmd.MedianHeuristic(TestSamples.Column(0, 1), TestSamples.Column(3, 7)).Should().Be(3.5);
    }

    [Test]
    public void Median_heuristic_uses_the_pooled_sample_not_the_reference_alone()
    {
        // x alone has median distance 1; pooled with a far y it is much larger.
        var x = TestSamples.Column(0, 1, 2);
        var y = TestSamples.Column(100, 101, 102);
        Mmd.MedianHeuristic(x, y).Should().Be(TestSamples.MedianPooledDistance(x, y)).And.BeGreaterThan(50);
    }

    [TestCase(350, 351, 2)]  // parallel path, odd and even pair counts
    [TestCase(300, 250, 3)]
    public void Median_heuristic_is_exact_on_larger_samples(int m, int n, int d)
    {
        var x = TestSamples.Gaussian(m, d, 7);
        var y = TestSamples.Gaussian(n, d, 8, std: 2);
        Mmd.MedianHeuristic(x, y).Should().Be(TestSamples.MedianPooledDistance(x, y));
    }

    [Test]
    public void Median_heuristic_is_exact_when_the_median_bin_needs_refining()
    {
        // 1100 points in a cluster of width 1e-6 plus one point at 1e6: at the first level every cluster pair lands
        // in bin 0 (over 2^19 of them), so the selection must refine inside that bin.
        var x = TestSamples.Gaussian(1100, 2, 11, std: 1e-6);
        var y = TestSamples.Matrix([1e6, -1e6]);
        Mmd.MedianHeuristic(x, y).Should().Be(TestSamples.MedianPooledDistance(x, y));
    }

    /// <summary>
    /// Points on a small integer grid: a few distinct distances, each shared by many pairs. 550 points stay below the
    /// one-pass window's path; 900 points (404,550 pairs) take it, so the window's ends and the two middle ranks fall on
    /// ties (that case stood in <see cref="SameBitsTests"/>).
    /// </summary>
    [TestCase(5, 300, 250)]
    [TestCase(11, 450, 450)]
    public void Median_heuristic_is_exact_with_many_tied_distances(int seed, int m, int n)
    {
        var rng = new Random(seed);
        var x = TestSamples.Grid(rng, m, 4, 4);
        var y = TestSamples.Grid(rng, n, 5, 3);
        Mmd.MedianHeuristic(x, y).Should().Be(TestSamples.MedianPooledDistance(x, y));
    }

    [Test]
    public void Zero_median_distance_refuses_the_heuristic_but_accepts_an_explicit_bandwidth()
    {
        var x = new double[10, 2];
        var y = new double[10, 2];
        y[0, 0] = 1;
        Mmd.MedianHeuristic(x, y).Should().Be(0);
        FluentActions.Invoking(() => Mmd.UnbiasedSquared(x, y)).Should().Throw<ArgumentException>().WithMessage("*explicit*");
        Mmd.UnbiasedSquared(x, y, 1).Should().BeApproximately(TestSamples.BruteMmd(x, y, 1), 1e-14);
    }

    [Test]
    public void Is_symmetric_and_deterministic_on_the_parallel_path()
    {
        var x = TestSamples.Gaussian(600, 2, 21);
        var y = TestSamples.Gaussian(500, 2, 22, mean: 0.1);
        var a = Mmd.UnbiasedSquared(x, y);
        Mmd.UnbiasedSquared(x, y).Should().Be(a, "per-row sums are added in row order");
        Mmd.UnbiasedSquared(y, x).Should().BeApproximately(a, 1e-15);
    }

    [Test]
    public void Rejects_bad_input()
    {
        var ok = TestSamples.Gaussian(5, 2, 1);
        FluentActions.Invoking(() => Mmd.UnbiasedSquared(TestSamples.Gaussian(1, 2, 1), ok)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Mmd.UnbiasedSquared(ok, TestSamples.Gaussian(5, 3, 1))).Should().Throw<ArgumentException>().WithMessage("*dimensions*");
        var nan = TestSamples.Gaussian(5, 2, 1);
        nan[3, 1] = double.NaN;
        FluentActions.Invoking(() => Mmd.UnbiasedSquared(ok, nan)).Should().Throw<ArgumentException>().WithMessage("*[3, 1]*NaN*");
        FluentActions.Invoking(() => Mmd.UnbiasedSquared(ok, ok, 0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
