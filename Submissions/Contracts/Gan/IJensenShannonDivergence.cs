using Grader.Tensors;

namespace Grader.Contracts.Gan;

/// <summary>
/// TUM exam 2023, problem 3 (b) (sheet 002): the Jensen–Shannon divergence
/// JSD(p, q) = ½ [𝕂𝕃(p ‖ ½(p + q)) + 𝕂𝕃(q ‖ ½(p + q))], in nats, of two densities the grader gives.
/// </summary>
public interface IJensenShannonDivergence
{
    /// <summary>
    /// JSD(p, q) for densities given at the centres of the cells of a regular grid (1-D, 2-D or more): every integral
    /// ∫ f(x) dx is taken as Σ over cells of f(cell centre)·<paramref name="cellVolume"/>.
    /// </summary>
    /// <param name="p">p at the cell centres (≥ 0), any shape.</param>
    /// <param name="q">q at the same cell centres (≥ 0), the same shape.</param>
    /// <param name="cellVolume">The volume of one cell (Δx in 1-D, Δx·Δy in 2-D), &gt; 0.</param>
    double OnGrid(Tensor p, Tensor q, double cellVolume);

    /// <summary>
    /// The Monte-Carlo estimate of JSD(p, q) from samples x₁ … x_n of p and y₁ … y_m of q, given both densities at each
    /// sample: every expectation 𝔼_p[f] is taken as the mean of f(xᵢ), every 𝔼_q[f] as the mean of f(yⱼ).
    /// </summary>
    /// <param name="pAtP">p(xᵢ), [n].</param>
    /// <param name="qAtP">q(xᵢ), [n].</param>
    /// <param name="pAtQ">p(yⱼ), [m].</param>
    /// <param name="qAtQ">q(yⱼ), [m].</param>
    double BySamples(Tensor pAtP, Tensor qAtP, Tensor pAtQ, Tensor qAtQ);
}
