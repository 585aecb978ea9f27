using Grader.Checks.Hidden.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// <see cref="FlowJacobian"/>, the grader's own Jacobian of a trained flow's map, on maps whose Jacobians are worked out
/// by hand: a linear map (exact up to float32 rounding), a cubic per coordinate (Richardson's extrapolation removes the
/// central difference's h² error, which is 10⁻⁴ here), the perturbation test and the copied share.
/// </summary>
public class FlowJacobianTests
{
    private static readonly float[] Points = [0.3f, -1.2f, 2.0f, -0.7f, 0.1f, 1.5f, 4.0f, -3.5f, 0.0f];

    [Test]
    public void A_linear_maps_Jacobian_is_its_matrix_and_its_log_det_that_of_the_matrix()
    {
        // z = A·x with A = [[2, 1, 0], [0, 3, 0], [1, 0, 0.5]]: det A = 2·3·0.5 − 1·(0 − 0) + 0 = 3 (expanding the first row:
        // 2·(3·0.5 − 0) − 1·(0·0.5 − 0·1) = 3).
        var a = tensor(new float[] { 2, 1, 0, 0, 3, 0, 1, 0, 0.5f }, 3, 3);
        var jacobians = FlowJacobian.Of(x => x.matmul(a.t()), Points, 3, 3);
        double[] expected = [2, 1, 0, 0, 3, 0, 1, 0, 0.5];
        foreach (var j in jacobians)
            for (int k = 0; k < 9; k++) j[k].Should().BeApproximately(expected[k], 2e-4);
        foreach (var logDet in FlowJacobian.LogAbsDet(jacobians, 3)) logDet.Should().BeApproximately(Math.Log(3), 1e-4);
    }

    [Test]
    public void A_cubics_Jacobian_is_diagonal_with_x_squared_plus_one()
    {
        // z_k = x_k³/3 + x_k: ∂z_k/∂x_k = x_k² + 1; the central difference alone would be off by h²/3 ≈ 3e-5 (h = 10⁻²).
        var jacobians = FlowJacobian.Of(x => x.pow(3) / 3f + x, Points, 3, 3);
        var logDets = FlowJacobian.LogAbsDet(jacobians, 3);
        for (int i = 0; i < 3; i++)
        {
            double expected = 0;
            for (int k = 0; k < 3; k++)
            {
                double xk = Points[i * 3 + k];
                jacobians[i][k * 3 + k].Should().BeApproximately(xk * xk + 1, 5e-4 * (xk * xk + 1));
                jacobians[i][k * 3 + (k + 1) % 3].Should().BeApproximately(0, 1e-6);
                expected += Math.Log(xk * xk + 1);
            }
            logDets[i].Should().BeApproximately(expected, 1e-3);
        }
    }

    [Test]
    public void The_perturbation_error_is_zero_for_the_inverse_and_one_for_an_inverse_that_does_not_move()
    {
        // Forward's Jacobian I (per row); δ = (0.01, 0, −0.02): a true inverse moves x by δ, a stored point stays.
        double[][] identity = [[1, 0, 0, 0, 1, 0, 0, 0, 1]];
        float[] x = [1, 2, 3], delta = [0.01f, 0, -0.02f];
        float[] moved = [1.01f, 2, 2.98f];
        FlowJacobian.PerturbationErrors(identity, x, moved, delta, 3)[0].Should().BeApproximately(0, 1e-4);
        FlowJacobian.PerturbationErrors(identity, x, x, delta, 3)[0].Should().Be(1);
    }

    [Test]
    public void The_copied_share_counts_rows_equal_to_a_stored_row_bit_for_bit()
    {
        float[] stored = [1, 2, 3, 4, 5, 6];
        float[] rows = [4, 5, 6, 1, 2, 3.0000005f, 1, 2, 3, 0, 0, 0];
        FlowJacobian.CopiedShare(rows, stored, 3).Should().Be(0.5);
    }
}
