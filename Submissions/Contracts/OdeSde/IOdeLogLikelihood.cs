using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.1–1.4: <c>ODE.ipynb</c>'s <c>compute_log_likelihood_ode</c>, the exact log-likelihood log p(y)
/// of the generative model x₀ ~ p(x₀) = N(0, 1), dx = f(x, t)·dt for t ∈ [0, 1], y = x₁ ("We can compute the likelihood
/// p(y) exactly for this setup"), with the ODE solved numerically on the time grid
/// <c>torch.linspace(0, 1, timePoints)</c>, one integrator step between neighbouring grid points.
/// </summary>
public interface IOdeLogLikelihood
{
    /// <param name="y">Data, [N, 1].</param>
    /// <param name="drift">The drift network f(x, t).</param>
    /// <param name="method">"euler", "rk2" or "rk4", as in <see cref="IOdeSolver"/>.</param>
    /// <param name="timePoints">Points of the time grid, at least 2 (the notebook: 100, so 99 steps).</param>
    /// <returns>log p(y_i) for each row, [N] (the notebook returns their mean).</returns>
    Tensor LogLikelihood(Tensor y, IDifferentiableNetwork drift, string method, int timePoints);
}
