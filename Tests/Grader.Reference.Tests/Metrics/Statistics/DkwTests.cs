using Grader.Metrics.Statistics;

namespace Grader.Reference.Tests.Metrics.Statistics;

public sealed class DkwTests
{
    [TestCase(1000, 0.08517)]
    [TestCase(10_000, 0.02693)]
    [TestCase(100_000, 0.00852)]
    public void Envelope_table_at_one_in_a_million(int n, double expected)
    {
        Dkw.Epsilon(n, 1e-6).Should().BeApproximately(expected, 5e-6);
    }

    [Test]
    public void Kolmogorov_quantile_and_survival()
    {
        Dkw.KolmogorovQuantile(1e-6).Should().BeApproximately(2.6934, 5e-5);
        Dkw.KolmogorovQuantile(0.05).Should().BeApproximately(1.3581, 5e-5);
        Dkw.KolmogorovSurvival(1.0).Should().BeApproximately(0.2699996, 1e-7);
        Dkw.KolmogorovSurvival(0.5).Should().BeApproximately(0.9639452, 1e-7);
        // The two series used on either side of c = 1 agree there.
        Dkw.KolmogorovSurvival(1 - 1e-12).Should().BeApproximately(Dkw.KolmogorovSurvival(1), 1e-11);
    }

    [Test]
    public void Two_sample_thresholds_at_n_equal_m_ten_thousand()
    {
        Dkw.AsymptoticTwoSampleThreshold(10_000, 10_000, 1e-6).Should().BeApproximately(0.0381, 5e-5);
        // With α halved over the two envelopes (a valid union bound): 2 ε(1e4, 5e-7) = 0.0551. TFP's
        // assert_true_cdf_equal_by_dkwm_two_sample uses ε(n, α) for each envelope, 2 ε(1e4, 1e-6) = 0.0539
        // (the number in ml-anchors §5.5), whose level is only bounded by 2α.
        Dkw.TwoSampleThreshold(10_000, 10_000, 1e-6).Should().BeApproximately(0.0551, 5e-5);
        (2 * Dkw.Epsilon(10_000, 1e-6)).Should().BeApproximately(0.0539, 5e-5);
    }

    [Test]
    public void Design_helpers_reproduce_the_tfp_numbers()
    {
        Dkw.SamplesNeeded(0.02, 1e-6, 1e-6).Should().Be(72_544);
        Dkw.SamplesNeeded(0.05, 1e-6, 1e-6).Should().Be(11_607);
        Dkw.MinimumDetectableDiscrepancy(72_544, 1e-6, 1e-6).Should().BeLessThanOrEqualTo(0.02);
    }

    [Test]
    public void Tests_accept_the_truth_and_reject_a_shift()
    {
        static double Phi(double t) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, t);
        var a = Metrics.TestSamples.Gaussian1D(2000, 1);
        var b = Metrics.TestSamples.Gaussian1D(2000, 2);
        var shifted = Metrics.TestSamples.Gaussian1D(2000, 3, mean: 0.3);
        Dkw.OneSample(a, Phi, 1e-6).Passed.Should().BeTrue();
        var bad = Dkw.OneSample(shifted, Phi, 1e-6);
        bad.Passed.Should().BeFalse();
        bad.Threshold.Should().Be(Dkw.Epsilon(2000, 1e-6));
        Dkw.TwoSample(a, b, 1e-6).Passed.Should().BeTrue();
        Dkw.TwoSample(a, shifted, 1e-6).Passed.Should().BeFalse();
    }

    [Test]
    public void One_sample_false_fail_rate_stays_below_alpha_in_simulation()
    {
        // DKW–Massart is valid for every n: at α = 0.05 and n = 50 the rejection rate must not exceed 0.05
        // (beyond Monte Carlo error: 4000 replicates, sd ≤ 0.0035).
        const int reps = 4000;
        var rng = new Random(99);
        var rejected = 0;
        var u = new double[50];
        for (var r = 0; r < reps; r++)
        {
            for (var i = 0; i < u.Length; i++) u[i] = rng.NextDouble();
            if (!Dkw.OneSample(u, t => Math.Clamp(t, 0, 1), 0.05).Passed) rejected++;
        }
        ((double)rejected / reps).Should().BeLessThan(0.05 + 4 * Math.Sqrt(0.05 * 0.95 / reps));
    }
}
