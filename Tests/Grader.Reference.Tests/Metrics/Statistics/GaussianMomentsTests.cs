using Grader.Metrics.Statistics;
using Grader.Reference.Tests.Metrics;

namespace Grader.Reference.Tests.Metrics.Statistics;

public sealed class GaussianMomentsTests
{
    /// <summary>The verdict as a whole, then its mean, variance and KS sub-tests': passed or not.</summary>
    private static (bool All, bool Mean, bool Variance, bool Ks) Passes(GaussianMomentsVerdict v) => (v.Passed, v.Mean.Passed, v.Variance.Passed, v.Ks.Passed);

    [TestCase(1000, 0.7962, 1.2344)]
    [TestCase(10_000, 0.9323, 1.0707)]
    [TestCase(100_000, 0.9783, 1.0220)]
    public void Variance_band_table_at_one_in_a_million(int n, double lower, double upper)
    {
        var (lo, hi) = GaussianMoments.VarianceBand(n, 1e-6);
        lo.Should().BeApproximately(lower, 5e-5);
        hi.Should().BeApproximately(upper, 5e-5);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Standard_normal_residuals_pass(int seed)
    {
        var v = new GaussianMoments().Test(TestSamples.Gaussian1D(5000, seed));
        Passes(v).Should().Be((true, true, true, true), v.Message);
        v.Message.Should().StartWith("Residuals consistent with N(0, 1)");
    }

    [Test]
    public void Thresholds_split_the_total_rate_over_three_sub_tests()
    {
        var test = new GaussianMoments(3e-6);
        test.SubTestAlpha.Should().BeApproximately(1e-6, 1e-20);
        var v = test.Test(TestSamples.Gaussian1D(1000, 4));
        v.Mean.Upper.Should().BeApproximately(4.8916, 5e-5);
        v.Mean.Lower.Should().Be(-v.Mean.Upper);
        v.Variance.Lower.Should().BeApproximately(0.7962, 5e-5);
        v.Variance.Upper.Should().BeApproximately(1.2344, 5e-5);
        v.Ks.Upper.Should().BeApproximately(0.08517, 5e-6);
    }

    [Test]
    public void A_mean_shift_of_half_a_standard_deviation_fails_the_mean_test()
    {
        var v = new GaussianMoments().Test(TestSamples.Gaussian1D(1000, 5, mean: 0.5));
        v.Passed.Should().BeFalse();
        v.Mean.Passed.Should().BeFalse();
        v.Mean.Statistic.Should().BeGreaterThan(10);
        v.Variance.Passed.Should().BeTrue();
        v.Message.Should().StartWith("Residuals not N(0, 1): mean:").And.Contain("outside ±");
    }

    [Test]
    public void A_standard_deviation_of_point_eight_fails_the_variance_test()
    {
        var v = new GaussianMoments().Test(TestSamples.Gaussian1D(1000, 6, std: 0.8));
        v.Passed.Should().BeFalse();
        v.Variance.Passed.Should().BeFalse();
        v.Variance.Statistic.Should().BeLessThan(v.Variance.Lower);
        v.Mean.Passed.Should().BeTrue();
        v.Message.Should().Contain("variance: s²/σ² = 0.6").And.Contain("outside the χ² band");
    }

    [Test]
    public void Uniform_noise_with_unit_variance_is_caught_only_by_the_ks_test()
    {
        // U(−√3, √3) has mean 0 and variance 1, but sup|U − Φ| ≈ 0.057 > ε(20000, 1e-6/3) ≈ 0.0197.
        var rng = new Random(8);
        var r = new double[20_000];
        for (var i = 0; i < r.Length; i++) r[i] = Math.Sqrt(3) * (2 * rng.NextDouble() - 1);
        var v = new GaussianMoments().Test(r);
        Passes(v).Should().Be((false, true, true, false));
        v.Ks.Statistic.Should().BeApproximately(0.057, 0.01);
        v.Message.Should().Contain("ks: D = ").And.Contain("> DKW ε");
    }

    [Test]
    public void Non_finite_residuals_fail_closed_with_the_index()
    {
        var r = TestSamples.Gaussian1D(100, 9);
        r[42] = double.NaN;
        var v = new GaussianMoments().Test(r);
        Passes(v).Should().Be((false, false, false, false));
        v.Message.Should().Contain("residual 42 is NaN");
    }

    [Test]
    public void False_fail_rate_stays_below_the_total_level_in_simulation()
    {
        // At a total level of 0.05 (three sub-tests at 0.0167), 2000 null replicates of N = 100: the rate must
        // not exceed 0.05 beyond Monte Carlo error (sd ≤ 0.0049).
        const int reps = 2000;
        var test = new GaussianMoments(0.05);
        var rng = new Random(77);
        var r = new double[100];
        var failed = 0;
        for (var k = 0; k < reps; k++)
        {
            for (var i = 0; i < r.Length; i++)
                r[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            if (!test.Test(r).Passed) failed++;
        }
        ((double)failed / reps).Should().BeLessThan(0.05 + 4 * Math.Sqrt(0.05 * 0.95 / reps));
        failed.Should().BePositive("a level-0.05 test should fail sometimes; otherwise it is not testing anything");
    }
}
