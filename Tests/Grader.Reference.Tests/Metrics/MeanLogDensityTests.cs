using Grader.Metrics;

namespace Grader.Reference.Tests.Metrics;

public sealed class MeanLogDensityTests
{
    /// <summary>A chequerboard on [−4, 4]²: uniform on the 32 unit squares with floor(x) + floor(y) even.</summary>
    private static double Chequerboard(double[] p)
    {
        if (p[0] < -4 || p[0] >= 4 || p[1] < -4 || p[1] >= 4) return double.NegativeInfinity;
        return (((int)Math.Floor(p[0]) + (int)Math.Floor(p[1])) & 1) == 0 ? -Math.Log(32) : double.NegativeInfinity;
    }

    [Test]
    public void All_rows_on_the_support_give_the_mean_log_density()
    {
        var x = TestSamples.Matrix([0.5, 0.5], [1.5, 1.5], [-0.5, -1.5 + 1], [3.9, -2.5]);
        var s = MeanLogDensity.Evaluate(x, Chequerboard);
        s.Mean.Should().BeApproximately(-Math.Log(32), 1e-15);
        s.SupportFraction.Should().Be(1);
        s.OffSupportRows.Should().Be(0);
        s.FirstOffSupportRow.Should().Be(-1);
        MeanLogDensity.Mean(x, Chequerboard).Should().Be(s.Mean);
    }

    [Test]
    public void A_row_off_the_support_makes_the_mean_minus_infinity()
    {
        var x = TestSamples.Matrix([0.5, 0.5], [0.5, 1.5], [1.5, 1.5], [9, 9]);
        var s = MeanLogDensity.Evaluate(x, Chequerboard);
        s.Mean.Should().Be(double.NegativeInfinity);
        s.SupportFraction.Should().Be(0.5);
        s.OffSupportRows.Should().Be(2);
        s.FirstOffSupportRow.Should().Be(1);
        s.MeanOnSupport.Should().BeApproximately(-Math.Log(32), 1e-15);
        MeanLogDensity.SupportFraction(x, Chequerboard).Should().Be(0.5);
    }

    [Test]
    public void Mixed_finite_values_are_averaged_in_row_order()
    {
        var x = TestSamples.Matrix([1, 2], [3, 4], [5, 6]);
        MeanLogDensity.Mean(x, p => -(p[0] * p[0] + p[1] * p[1])).Should().BeApproximately(-(5 + 25 + 61) / 3.0, 1e-13);
    }

    [Test]
    public void Non_finite_rows_count_as_off_the_support_without_calling_the_density()
    {
        var x = TestSamples.Matrix([0.5, 0.5], [double.NaN, 0.5]);
        var calls = 0;
        var s = MeanLogDensity.Evaluate(x, p => { calls++; return Chequerboard(p); });
        calls.Should().Be(1);
        s.Mean.Should().Be(double.NegativeInfinity);
        s.SupportFraction.Should().Be(0.5);
    }

    [Test]
    public void A_log_density_returning_nan_is_a_grader_defect()
    {
        FluentActions.Invoking(() => MeanLogDensity.Mean(TestSamples.Matrix([0, 0]), _ => double.NaN))
            .Should().Throw<InvalidOperationException>().WithMessage("*row 0*");
    }
}
