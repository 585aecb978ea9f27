using Grader.Reference.Flows.Tum;

namespace Grader.Reference.Tests.Flows;

/// <summary>TUM exam 2023, problem 1: the sheet's maps, the reference's collision pairs, and the reference f⁻¹ of (c).</summary>
public sealed class TumProblemOneTests
{
    private const double Eps = 2.220446049250313e-16;

    [Test]
    public void The_sigmoid_map_sends_the_reference_pair_to_one_output_for_any_positive_a()
    {
        var g = new Generator(1);
        for (int k = 0; k < 200; k++)
        {
            double[] a = [0.01 + 10 * g.NextDouble(), 0.01 + 10 * g.NextDouble()];
            var (x, y) = SigmoidTransformation.Collision(a);
            x.Should().NotEqual(y);
            var zx = SigmoidTransformation.Apply(a, x);
            var zy = SigmoidTransformation.Apply(a, y);
            // a·x and a·y agree up to the rounding of their products and sums (≤ 4ε·Σ|terms|), which σ' ≤ ¼ carries over
            // scaled by a_i; each σ evaluation adds ≤ 2ε.
            double terms = Math.Abs(a[0] * x[0]) + Math.Abs(a[1] * x[1]) + Math.Abs(a[0] * y[0]) + Math.Abs(a[1] * y[1]);
            for (int i = 0; i < 2; i++) zy[i].Should().BeApproximately(zx[i], 0.25 * a[i] * 4 * Eps * terms + 4 * Eps);
        }
    }

    [Test]
    public void The_sigmoid_map_is_sigma_of_a_transpose_a_x_and_separates_points_off_the_line()
    {
        double[] a = [0.7, 2.0];
        var z = SigmoidTransformation.Apply(a, [0.3, -0.1]);
        double ax = 0.7 * 0.3 + 2.0 * -0.1;   // Ax = aᵀ(a·x)
        z[0].Should().BeApproximately(1 / (1 + Math.Exp(-0.7 * ax)), 1e-16);
        z[1].Should().BeApproximately(1 / (1 + Math.Exp(-2.0 * ax)), 1e-16);
        SigmoidTransformation.Apply(a, [0.3, 0.1]).Should().NotEqual(z);
        var act = () => SigmoidTransformation.Apply([1.0, -1.0], [0.0, 0.0]);
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("positive");
    }

    [Test]
    public void The_three_dimensional_map_sends_the_reference_pair_to_one_output()
    {
        var (x, y) = ThreeDimensionalTransformation.Collision();
        x.Should().NotEqual(y);
        ThreeDimensionalTransformation.Apply(x).Should().Equal(ThreeDimensionalTransformation.Apply(y));
        ThreeDimensionalTransformation.Apply([1.0, 2.0, 0.5]).Should().Equal(Math.Pow(2.5, 3), 2.5, Math.Exp(0.5));
        ThreeDimensionalTransformation.Apply([2.0, 2.0, -1.0]).Should().NotEqual(ThreeDimensionalTransformation.Apply(x));
    }

    /// <summary>
    /// The family the tutor's run asks (z₁ = (x₃ + x₂)^p, z₂ = x₁^q·x₂ + x₃): the reference's pair collides for every
    /// p, q ≤ 8 — checked by hand-derived images, not by the map under test: for even q the pair differs in the sign of
    /// x₁ only, which x₁^q removes; for odd q both have x₂ = 0, so z = ((x₃)^p, x₃, e^{x₃}) for both.
    /// </summary>
    [Test]
    public void The_three_dimensional_family_sends_the_reference_pair_to_one_output_for_every_power()
    {
        for (var p = 1; p <= 8; p++)
            for (var q = 1; q <= 8; q++)
            {
                var (x, y) = ThreeDimensionalTransformation.Collision(p, q);
                x.Should().NotEqual(y);
                x[2].Should().Be(y[2]);
                if (q % 2 == 0) (x[0] == -y[0] && x[1] == y[1]).Should().BeTrue($"p = {p}, q = {q}");
                else (x[1] == 0 && y[1] == 0).Should().BeTrue($"p = {p}, q = {q}");
                ThreeDimensionalTransformation.Apply(x, p, q).Should().Equal(ThreeDimensionalTransformation.Apply(y, p, q));
            }
        // Odd q: the sheet's counterexample x₁ → −x₁ is no collision (z₂ = x₁^q·x₂ + x₃ changes sign in its first term).
        ThreeDimensionalTransformation.Apply([1.0, 2.0, 0.5], 3, 5).Should().NotEqual(ThreeDimensionalTransformation.Apply([-1.0, 2.0, 0.5], 3, 5));
    }

    [Test]
    public void The_shift_inverse_has_derivative_one_and_f_undoes_it()
    {
        var f = ShiftInverse.Reference;
        var g = new Generator(2);
        for (int k = 0; k < 100; k++)
        {
            double x = 200 * g.NextDouble() - 100, h = 1e-3;
            f.Transform(f.Inverse(x)).Should().BeApproximately(x, 2 * Eps * (Math.Abs(x) + Math.Abs(f.B)));
            // A central difference of an affine map is exact but for the rounding of x ± h and of the two evaluations:
            // ≤ 2ε·(|x| + |b| + h)/h.
            ((f.Inverse(x + h) - f.Inverse(x - h)) / (2 * h)).Should().BeApproximately(1, 2 * Eps * (Math.Abs(x) + Math.Abs(f.B) + h) / h);
        }
    }
}
