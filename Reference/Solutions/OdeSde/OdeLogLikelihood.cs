using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>ODE.ipynb</c>'s <c>compute_log_likelihood_ode</c>: the exact log-likelihood of the continuous flow x₀ ~ N(0, 1),
/// dx = f(x, t)·dt, y = x₁. By the instantaneous change of variables, log p(y) = log p₀(x₀) − ∫₀¹ ∂f/∂x(x_t, t) dt, with
/// x_t the flow through y. The augmented state [x, ℓ] is solved backwards from [y, 0] at t = 1 to t = 0 under
/// d[x, ℓ]/dt = [f(x, t), −∂f/∂x(x, t)], so ℓ(0) = ∫₀¹ ∂f/∂x dt and log p(y) = log p₀(x(0)) − ℓ(0) (the notebook's
/// "sign-flipped at the end to correct for dt &lt; 0"). ∂f/∂x is the exact 1-D trace, by autograd (with
/// <c>createGraph</c> while training).
/// </summary>
public static class OdeLogLikelihood
{
    /// <summary>log p(y_i) for y of shape [N, 1]; shape [N].</summary>
    public static Tensor Compute(ITimeDependentFunction drift, Tensor y, OdeMethod method, TimeGrid? grid = null, bool createGraph = false,
        ReverseTimes times = ReverseTimes.GridPoint)
    {
        var (x0, integratedTrace) = SolveBackward(drift, y, method, grid, createGraph, times);
        return (StandardNormal.LogProb(x0) - integratedTrace).reshape(y.size(0));
    }

    /// <summary>
    /// The backward solve alone: x(0) [N, 1], the point y flows back to, and ℓ(0) = ∫₀¹ ∂f/∂x(x_t, t) dt [N, 1] as the
    /// integrator accumulates it.
    /// </summary>
    public static (Tensor X0, Tensor IntegratedTrace) SolveBackward(ITimeDependentFunction drift, Tensor y, OdeMethod method, TimeGrid? grid = null,
        bool createGraph = false, ReverseTimes times = ReverseTimes.GridPoint)
    {
        ArgumentNullException.ThrowIfNull(drift);
        CheckData(y);
        grid ??= new TimeGrid();
        var state = cat([y.detach(), zeros_like(y)], dim: 1);
        Tensor Field(Tensor s, double t) => AugmentedField(drift, s, t, createGraph);
        for (int k = grid.Steps; k >= 1; k--)
        {
            double start = times == ReverseTimes.GridPoint ? grid[k] : grid[k - 1];
            state = OdeSolver.IntegrateStep(method, Field, state, start, -grid.Step);
        }
        return (state.narrow(1, 0, 1), state.narrow(1, 1, 1));
    }

    /// <summary>
    /// The augmented dynamics at (s, t) for s = [x, ℓ] of shape [N, 2]: [f(x, t), −∂f/∂x(x, t)] (the notebook's
    /// <c>concatenated_integrands</c>).
    /// </summary>
    public static Tensor AugmentedField(ITimeDependentFunction drift, Tensor state, double t, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var x = state.narrow(1, 0, 1);
        var (f, dfdx) = drift.WithPartialX(x, full([x.size(0), 1], (float)t), createGraph);
        return cat([f, -dfdx], dim: 1);
    }

    /// <summary>The mean of <see cref="Compute"/>, the notebook's return value (the training objective's negative).</summary>
    public static Tensor Mean(ITimeDependentFunction drift, Tensor y, OdeMethod method, TimeGrid? grid = null, bool createGraph = false) =>
        Compute(drift, y, method, grid, createGraph).mean();

    internal static void CheckData(Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.dim() != 2 || y.size(1) != 1 || y.size(0) < 1)
            throw new ArgumentException($"expected data of shape [N, 1] with N ≥ 1, got [{string.Join(", ", y.shape)}]", nameof(y));
    }
}
