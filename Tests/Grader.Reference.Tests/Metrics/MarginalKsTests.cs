using Grader.Metrics;

namespace Grader.Reference.Tests.Metrics;

public sealed class MarginalKsTests
{
    [Test]
    public void Two_sample_hand_worked()
    {
        // x = {1, 2, 3}, y = {2.5}: at t = 2, F_x = 2/3 and F_y = 0.
        MarginalKs.Distance([3.0, 1, 2], [2.5]).Should().BeApproximately(2.0 / 3, 1e-15);
        // Ties across samples: x = {1, 1, 2}, y = {1, 2, 2}: at t = 1, 2/3 vs 1/3.
        MarginalKs.Distance([1.0, 1, 2], [1.0, 2, 2]).Should().BeApproximately(1.0 / 3, 1e-15);
        MarginalKs.Distance([1.0, 2], [1.0, 2]).Should().Be(0);
    }

    [Test]
    public void One_sample_hand_worked_against_the_uniform()
    {
        static double Uniform(double t) => Math.Clamp(t, 0, 1);
        MarginalKs.Distance([0.5], Uniform).Should().Be(0.5);
        // {0.1, 0.2, 0.9}: the largest gap is 2/3 − 0.2 just after 0.2.
        MarginalKs.Distance([0.9, 0.1, 0.2], Uniform).Should().BeApproximately(2.0 / 3 - 0.2, 1e-15);
    }

    [TestCase(1, 30, 45)]
    [TestCase(2, 100, 7)]
    [TestCase(3, 12, 12)]
    public void Two_sample_matches_brute_force_over_all_points_with_ties(int seed, int m, int n)
    {
        // Rounded to one decimal so that ties occur within and across samples.
        var a = TestSamples.Gaussian1D(m, seed).Select(v => Math.Round(v, 1)).ToArray();
        var b = TestSamples.Gaussian1D(n, seed + 9, mean: 0.3).Select(v => Math.Round(v, 1)).ToArray();
        double brute = 0;
        foreach (var t in a.Concat(b))
        {
            var fa = a.Count(v => v <= t) / (double)m;
            var fb = b.Count(v => v <= t) / (double)n;
            brute = Math.Max(brute, Math.Abs(fa - fb));
        }
        MarginalKs.Distance(a, b).Should().BeApproximately(brute, 1e-15);
    }

    [Test]
    public void One_sample_matches_brute_force_sup_over_both_sides_of_each_jump()
    {
        var a = TestSamples.Gaussian1D(50, 4, mean: 0.2);
        static double Phi(double t) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, t);
        double brute = 0;
        foreach (var t in a)
        {
            var above = a.Count(v => v <= t) / 50.0;
            var below = a.Count(v => v < t) / 50.0;
            brute = Math.Max(brute, Math.Max(Math.Abs(above - Phi(t)), Math.Abs(below - Phi(t))));
        }
        MarginalKs.Distance(a, Phi).Should().BeApproximately(brute, 1e-15);
    }

    [Test]
    public void Per_column_results_report_the_worst_column()
    {
        var x = TestSamples.Matrix([0, 0], [1, 10], [2, 20]);
        var y = TestSamples.Matrix([0, 100], [1, 110], [2, 120]);
        var r = MarginalKs.TwoSample(x, y);
        r.Statistic.Should().Be(1);
        r.Column.Should().Be(1);
        r.PerColumn.Should().Equal(0.0, 1.0);

        var one = MarginalKs.OneSample(x, t => Math.Clamp(t / 2, 0, 1));
        // Column 0 {0, 1, 2} vs U(0, 2): gaps 1/3 just after 0, 1/6 at 1, 1/3 just before 2 → 1/3.
        // Column 1 {0, 10, 20}: F jumps to 1 before 10, where F_n is still 1/3 → 2/3.
        one.PerColumn[0].Should().BeApproximately(1.0 / 3, 1e-15);
        one.Statistic.Should().BeApproximately(2.0 / 3, 1e-15);
        one.Column.Should().Be(1);

        var perColumnCdfs = MarginalKs.OneSample(x, [t => Math.Clamp(t / 2, 0, 1), t => Math.Clamp(t / 20, 0, 1)]);
        perColumnCdfs.Statistic.Should().BeApproximately(1.0 / 3, 1e-15);
        perColumnCdfs.Column.Should().Be(0, "ties go to the first column");
    }

    [Test]
    public void Rejects_a_cdf_outside_the_unit_interval()
    {
        FluentActions.Invoking(() => MarginalKs.Distance([0.5], _ => 2)).Should().Throw<ArgumentException>().WithMessage("*CDF returned 2*");
    }
}
