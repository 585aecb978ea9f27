using Grader.Metrics;

namespace Grader.Reference.Tests.Metrics;

public sealed class FrechetDistanceTests
{
    private static IEnumerable<TestCaseData> ScipyCases() => MetricFixtures.Cases("frechet");

    [TestCaseSource(nameof(ScipyCases))]
    public void Matches_numpy_and_scipy_sqrtm_on_fixed_feature_matrices(MetricFixtures.Case c)
    {
        FrechetDistance.Between(c.X, c.Y).Should().BeApproximately(c.Frechet, 1e-8 * Math.Abs(c.Frechet));
    }

    [Test]
    public void Commuting_covariances_give_the_closed_form()
    {
        // Diagonal Σ: tr((Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}) = Σ √(a_k b_k), so FD = ‖Δμ‖² + Σ (√a_k − √b_k)².
        double[] a = [4, 1, 0.25], b = [1, 9, 0.25];
        var expected = (1 + 4 + 0) + (2 - 1) * (2 - 1) + (1 - 3) * (1 - 3) + 0;
        FrechetDistance.FromMoments([1, 2, 3], Diagonal(a), [0, 0, 3], Diagonal(b)).Should().BeApproximately(expected, 1e-12);
    }

    [Test]
    public void Non_commuting_two_by_two_covariances_give_the_closed_form()
    {
        // For 2×2 PSD M, tr √M = √(tr M + 2 √det M); with M = Σ₁^{1/2} Σ₂ Σ₁^{1/2}: tr M = tr(Σ₁Σ₂), det M = det Σ₁ det Σ₂.
        double[,] s1 = { { 2, 0.8 }, { 0.8, 1 } }, s2 = { { 1, -0.5 }, { -0.5, 3 } };
        var trProduct = 2 * 1 + 0.8 * -0.5 + 0.8 * -0.5 + 1 * 3;
        var det = (2 * 1 - 0.8 * 0.8) * (1 * 3 - 0.25);
        var expected = 0.5 * 0.5 + 3 + 4 - 2 * Math.Sqrt(trProduct + 2 * Math.Sqrt(det));
        FrechetDistance.FromMoments([0.5, 0], s1, [0, 0], s2).Should().BeApproximately(expected, 1e-12);
    }

    [Test]
    public void A_sample_against_itself_is_zero_and_the_distance_is_symmetric()
    {
        var c = MetricFixtures.Cases("frechet").Select(t => (MetricFixtures.Case)t.Arguments[0]!).First();
        FrechetDistance.Between(c.X, c.X).Should().BeApproximately(0, 1e-9);
        FrechetDistance.Between(c.Y, c.X).Should().BeApproximately(FrechetDistance.Between(c.X, c.Y), 1e-9);
    }

    [Test]
    public void Bad_input_is_refused_with_the_reason()
    {
        var x = new double[,] { { 0, 1 }, { 1, 0 }, { 2, 2 } };
        FluentActions.Invoking(() => FrechetDistance.Between(x, new double[,] { { 0 }, { 1 } }))
            .Should().Throw<ArgumentException>().WithMessage("*different dimensions*");
        FluentActions.Invoking(() => FrechetDistance.Between(x, new double[,] { { 0, double.NaN }, { 1, 1 } }))
            .Should().Throw<ArgumentException>().WithMessage("*NaN*finite*");
        FluentActions.Invoking(() => FrechetDistance.Between(x, new double[,] { { 0, 1 } }))
            .Should().Throw<ArgumentException>().WithMessage("*at least 2 rows*");
        FluentActions.Invoking(() => FrechetDistance.FromMoments([0, 0], new double[,] { { 1, 0.5 }, { 0, 1 } }, [0, 0], Diagonal([1, 1])))
            .Should().Throw<ArgumentException>().WithMessage("*not symmetric*");
    }

    private static double[,] Diagonal(double[] d)
    {
        var m = new double[d.Length, d.Length];
        for (var i = 0; i < d.Length; i++) m[i, i] = d[i];
        return m;
    }
}
