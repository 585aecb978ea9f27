using Grader.Checks.Hidden.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// <see cref="CatmullRomWeights"/>, the cubic weights both grid readers (<see cref="GriddedDrift"/>,
/// <see cref="GriddedNetwork"/>) interpolate a hand-in's grid with: what the interpolation reproduces exactly, inside,
/// at the ends by each end rule, and beyond the grid.
/// </summary>
public class CatmullRomWeightsTests
{
    private const int Nodes = 41;
    private const double Spacing = 0.25;

    private static (double Value, double Slope) Interpolate(Func<double, double> f, double u, CatmullRomWeights.EndRule ends)
    {
        Span<int> nodes = stackalloc int[4];
        Span<double> w = stackalloc double[4], dw = stackalloc double[4];
        int n = CatmullRomWeights.At(u, Nodes, Spacing, ends, nodes, w, dw);
        n.Should().BeGreaterThan(0);
        double value = 0, slope = 0;
        for (int k = 0; k < n; k++) (value, slope) = (value + w[k] * f(nodes[k] * Spacing), slope + dw[k] * f(nodes[k] * Spacing));
        return (value, slope);
    }

    /// <summary>Grid coordinates strictly inside the grid (at the end nodes themselves the slope is the line beyond's).</summary>
    private static IEnumerable<double> Inside() => Enumerable.Range(1, 399).Select(k => k * (Nodes - 1) / 400.0);

    [Test]
    public void A_parabola_is_reproduced_with_its_derivative_on_the_whole_grid_with_parabolic_ends()
    {
        foreach (var u in Inside())
        {
            double x = u * Spacing;
            var (value, slope) = Interpolate(x => 2 - 3 * x + 0.5 * x * x, u, CatmullRomWeights.EndRule.Parabola);
            value.Should().BeApproximately(2 - 3 * x + 0.5 * x * x, 1e-12, $"u = {u}");
            slope.Should().BeApproximately(-3 + x, 1e-11, $"u = {u}");
        }
    }

    [Test]
    public void With_line_ends_a_line_is_reproduced_everywhere_and_a_parabola_off_the_end_intervals_only()
    {
        static double Parabola(double x) => 0.5 * x * x;
        foreach (var u in Inside())
        {
            double x = u * Spacing;
            Interpolate(x => 1 + 2 * x, u, CatmullRomWeights.EndRule.Line).Value.Should().BeApproximately(1 + 2 * x, 1e-12, $"u = {u}");
            double error = Math.Abs(Interpolate(Parabola, u, CatmullRomWeights.EndRule.Line).Value - Parabola(x));
            if (u >= 1 && u <= Nodes - 2) error.Should().BeLessThan(1e-12, $"u = {u}: Catmull–Rom is exact on parabolas");
        }
        // v[−1] = 2v[0] − v[1] is the line's ghost, not the parabola's: at the middle of the first interval the value is off.
        Math.Abs(Interpolate(Parabola, 0.5, CatmullRomWeights.EndRule.Line).Value - Parabola(0.5 * Spacing)).Should().BeGreaterThan(1e-4);
    }

    [Test]
    public void Beyond_the_grid_the_end_s_line_continues_and_a_value_that_is_not_finite_gets_no_nodes()
    {
        static double F(double x) => Math.Sin(x);
        foreach (var ends in new[] { CatmullRomWeights.EndRule.Line, CatmullRomWeights.EndRule.Parabola })
        {
            foreach (var (u, first, second) in new[] { (-3.0, 0, 1), (Nodes - 1 + 2.5, Nodes - 1, Nodes - 2) })
            {
                double slope = (F(first * Spacing) - F(second * Spacing)) / ((first - second) * Spacing);
                var (value, derivative) = Interpolate(F, u, ends);
                value.Should().BeApproximately(F(first * Spacing) + slope * (u - first) * Spacing, 1e-12, $"{ends}, u = {u}");
                derivative.Should().BeApproximately(slope, 1e-12, $"{ends}, u = {u}");
            }
            var (nodes, w, dw) = (new int[4], new double[4], new double[4]);
            CatmullRomWeights.At(double.NaN, Nodes, Spacing, ends, nodes, w, dw).Should().Be(0);
            CatmullRomWeights.At(double.PositiveInfinity, Nodes, Spacing, ends, nodes, w, dw).Should().Be(0);
        }
    }
}
