using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion.Tolerance;

/// <summary>
/// |∂ε̂/∂(z, τ)| of an ε-network at a batch of points, by central differences, to carry an error in the network's
/// input (a hand-in's z_t differs from the reference's by rounding) to its output: |δε̂_k| ≤ Σ_j |J_kj|·|δz_j| + |J_kτ|·|δτ|.
/// With h = 10⁻² the difference quotient of the smooth grader networks is accurate to ~10⁻⁴; <see cref="Margin"/>
/// is added to every entry to cover that.
/// </summary>
public static class NetworkJacobian
{
    public const float Step = 1e-2f;
    public const double Margin = 1e-3;

    /// <summary>J[i][k][j] = |∂ε̂_ik/∂z_ij| for j &lt; d and |∂ε̂_ik/∂τ_i| for j = d, plus <see cref="Margin"/>.</summary>
    public static double[][][] Of(IEpsilonNetwork network, float[] z, float[] time, int n, int d)
    {
        var jacobian = new double[n][][];
        for (var i = 0; i < n; i++)
        {
            jacobian[i] = new double[d][];
            for (var k = 0; k < d; k++) jacobian[i][k] = new double[d + 1];
        }

        for (var j = 0; j <= d; j++)
        {
            var plus = Forward(network, z, time, n, d, j, +Step);
            var minus = Forward(network, z, time, n, d, j, -Step);
            for (var i = 0; i < n; i++)
                for (var k = 0; k < d; k++)
                    jacobian[i][k][j] = Math.Abs(((double)plus[i * d + k] - minus[i * d + k]) / (2 * Step)) + Margin;
        }

        return jacobian;
    }

    private static float[] Forward(IEpsilonNetwork network, float[] z, float[] time, int n, int d, int direction, float h)
    {
        var zs = (float[])z.Clone();
        var ts = (float[])time.Clone();
        if (direction < d)
            for (var i = 0; i < n; i++) zs[i * d + direction] += h;
        else
            for (var i = 0; i < n; i++) ts[i] += h;
        using var _ = torch.no_grad();
        return network.Forward(torch.tensor(zs, n, d), torch.tensor(ts, n, 1)).ToArray();
    }
}
