using Grader.Checks.Hidden.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The order property's own arithmetic, so it cannot pass vacuously: the slope of errors C·h^q over h, h/2, h/4 is q,
/// and on the field y′ = −0.73·y from y(0.21) = 1.93 each method gets a window (an independent double-precision run of
/// the three schemes, fixtures-free: euler at h = 1/32, rk2 at 1/4, rk4 at 2, one-step error slopes 1.996, 2.976, 4.882).
/// </summary>
public sealed class SolverConvergesWithItsOrderTests
{
    [TestCase(2.0)]
    [TestCase(3.0)]
    [TestCase(5.0)]
    public void The_slope_of_power_law_errors_is_their_exponent(double q)
    {
        double h = 0.3;
        var errors = Enumerable.Range(0, 3).Select(i => 0.7 * Math.Pow(h / (1 << i), q)).ToArray();
        SolverConvergesWithItsOrder.Slope(errors).Should().BeApproximately(q, 1e-12);
    }

    [TestCase("euler", 1.0 / 32)]
    [TestCase("rk2", 0.25)]
    [TestCase("rk4", 2.0)]
    public void Each_method_gets_a_window_on_a_linear_field(string method, double h)
    {
        var c = new SolverConvergesWithItsOrder.FieldCase(0, -0.73, 0, 0.21, 1.93);
        SolverConvergesWithItsOrder.Window(c, method).Should().Be(h);
    }
}
