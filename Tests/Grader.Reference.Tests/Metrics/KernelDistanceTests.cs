using Grader.Metrics;

namespace Grader.Reference.Tests.Metrics;

public sealed class KernelDistanceTests
{
    private static IEnumerable<TestCaseData> NumpyCases() => MetricFixtures.Cases("kernel");

    [TestCaseSource(nameof(NumpyCases))]
    public void Matches_numpy_on_fixed_feature_matrices(MetricFixtures.Case c)
    {
        KernelDistance.UnbiasedSquared(c.X, c.Y).Should().BeApproximately(c.Kernel, 1e-9 * Math.Abs(c.Kernel));
    }

    [Test]
    public void Hand_worked_one_dimensional_case()
    {
        // d = 1, k(x, y) = (xy + 1)³. x = {0, 1}: k(0, 1) = 1; y = {0, 2}: k(0, 2) = 1;
        // cross: k(0,0) = k(0,2) = k(1,0) = 1, k(1,2) = 27, mean 7.5. MMD²_u = 1 + 1 − 2·7.5 = −13.
        KernelDistance.UnbiasedSquared(new double[,] { { 0 }, { 1 } }, new double[,] { { 0 }, { 2 } }).Should().Be(-13);
    }

    [Test]
    public void Bad_input_is_refused_with_the_reason()
    {
        var x = new double[,] { { 0, 1 }, { 1, 0 } };
        FluentActions.Invoking(() => KernelDistance.UnbiasedSquared(x, new double[,] { { 0 }, { 1 } }))
            .Should().Throw<ArgumentException>().WithMessage("*different dimensions*");
        FluentActions.Invoking(() => KernelDistance.UnbiasedSquared(x, new double[,] { { 0, double.PositiveInfinity }, { 1, 1 } }))
            .Should().Throw<ArgumentException>().WithMessage("*finite*");
    }
}
