using Grader.Checks.Hidden.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// <see cref="TimeReversedNetwork"/>, the training checks' time-direction probe: R f(x, t) = f(x, 1 − t), its ∂x the
/// network's at 1 − t and its ∂t the negated one (the chain rule), against the closed form f = sin(x)·(1 + t²); a
/// drift that does not depend on t is its own reversal.
/// </summary>
public class TimeReversedNetworkTests
{
    [Test]
    public void Reads_the_network_at_one_minus_t_with_the_chain_rule_on_its_time_derivative()
    {
        var f = new RowFunction((x, t) => Math.Sin(x) * (1 + t * t), (x, t) => Math.Cos(x) * (1 + t * t), (x, t) => Math.Sin(x) * 2 * t);
        var reversed = new TimeReversedNetwork(f);
        var x = tensor(new[] { -1.5f, 0.25f, 2f }, 3, 1);
        var t = tensor(new[] { 0f, 0.3f, 0.9f }, 3, 1);
        double[] xs = [-1.5, 0.25, 2], ts = [0, 0.3, 0.9];
        var value = reversed.Forward(x, t).ToDoubleArray();
        var dx = reversed.PartialX(x, t).ToDoubleArray();
        var dt = reversed.PartialT(x, t).ToDoubleArray();
        for (int i = 0; i < 3; i++)
        {
            double s = 1 - ts[i];
            value[i].Should().BeApproximately(Math.Sin(xs[i]) * (1 + s * s), 1e-5, $"f(x, 1 − t) at row {i}");
            dx[i].Should().BeApproximately(Math.Cos(xs[i]) * (1 + s * s), 1e-5, $"∂f/∂x(x, 1 − t) at row {i}");
            dt[i].Should().BeApproximately(-Math.Sin(xs[i]) * 2 * s, 1e-5, $"−∂f/∂t(x, 1 − t) at row {i}");
        }
    }

    [Test]
    public void A_drift_without_time_dependence_is_its_own_reversal()
    {
        var f = new RowFunction((x, _) => Math.Tanh(x), (x, _) => 1 - Math.Tanh(x) * Math.Tanh(x), (_, _) => 0);
        var x = linspace(-3, 3, 7).reshape(7, 1);
        var t = linspace(0, 1, 7).reshape(7, 1);
        new TimeReversedNetwork(f).Forward(x, t).ToDoubleArray().Should().Equal(f.Forward(x, t).ToDoubleArray());
    }
}
