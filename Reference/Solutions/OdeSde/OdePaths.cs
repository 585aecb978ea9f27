using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>ODE.ipynb</c>'s <c>ForwardPath(mode="ode")</c> and <c>BackwardPath(mode="ode")</c>: Euler paths of dx = f(x, t)·dt
/// on the <see cref="TimeGrid"/>, forwards from prior draws x₀ ~ N(0, 1) (samples of the model: y = x₁) and backwards
/// from data (where the data's latents x₀ land). No graph.
/// </summary>
public static class OdePaths
{
    /// <summary>The forward path [points, N, 1] from x₀ [N, 1]: x_{k+1} = x_k + f(x_k, t_k)·dt; the last slice is the samples.</summary>
    public static Tensor Forward(ITimeDependentFunction drift, Tensor x0, TimeGrid? grid = null)
    {
        ArgumentNullException.ThrowIfNull(drift);
        OdeLogLikelihood.CheckData(x0);
        grid ??= new TimeGrid();
        using var _ = no_grad();
        var x = x0.detach();
        var path = new List<Tensor> { x };
        for (int k = 0; k < grid.Steps; k++)
        {
            x = x + drift.Value(x, full([x.size(0), 1], (float)grid[k])) * (float)grid.Step;
            path.Add(x);
        }
        return stack([.. path]);
    }

    /// <summary>n samples of the model: x₀ = randn([n, 1]) from <paramref name="generator"/>, then <see cref="Forward"/>; [n, 1].</summary>
    public static Tensor Sample(ITimeDependentFunction drift, int n, Generator generator, TimeGrid? grid = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var path = Forward(drift, randn([n, 1], generator), grid);
        return path.select(0, path.size(0) - 1);
    }

    /// <summary>
    /// The backward path [points, N, 1] from data y [N, 1] at t = 1, in time order (index k is t_k): Euler steps from t_k
    /// to t_{k−1} starting at t_k (<c>BackwardPath.integrate</c>'s <c>reversed(t_grid[1:])</c>).
    /// </summary>
    public static Tensor Backward(ITimeDependentFunction drift, Tensor y, TimeGrid? grid = null)
    {
        ArgumentNullException.ThrowIfNull(drift);
        OdeLogLikelihood.CheckData(y);
        grid ??= new TimeGrid();
        using var _ = no_grad();
        var x = y.detach();
        var path = new Tensor[grid.Points];
        path[grid.Steps] = x;
        for (int k = grid.Steps; k >= 1; k--)
        {
            x = x - drift.Value(x, full([x.size(0), 1], (float)grid[k])) * (float)grid.Step;
            path[k - 1] = x;
        }
        return stack(path);
    }
}
