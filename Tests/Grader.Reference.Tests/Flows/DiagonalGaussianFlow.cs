using Grader.Contracts.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// A flow known in closed form, for tests: z = (x − μ)/σ per dimension, log|det ∂z/∂x| = −Σ ln σ, so −log p(x) is the
/// negative log-density of N(μ, diag σ²), computable independently in double.
/// </summary>
internal sealed class DiagonalGaussianFlow(double[] mu, double[] sigma) : INormalizingFlow
{
    public double[] Mu { get; } = mu;
    public double[] Sigma { get; } = sigma;

    public (Tensor Z, Tensor LogDet) Forward(Tensor x) =>
        ((x - tensor(Mu)) / tensor(Sigma), full([x.size(0)], (float)-Sigma.Sum(Math.Log)));

    public Tensor Inverse(Tensor z) => z * tensor(Sigma) + tensor(Mu);

    /// <summary>−log N(x; μ, diag σ²) in double.</summary>
    public double NegativeLogDensity(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int j = 0; j < Mu.Length; j++)
        {
            double z = (x[j] - Mu[j]) / Sigma[j];
            s += 0.5 * z * z + Math.Log(Sigma[j]) + 0.5 * Math.Log(2 * Math.PI);
        }
        return s;
    }
}
