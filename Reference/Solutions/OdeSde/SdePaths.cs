using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>SDE.ipynb</c>'s <c>ForwardPath(mode="sde")</c> and <c>BackwardPath</c> on the <see cref="TimeGrid"/>, by
/// Euler–Maruyama (dW ~ N(0, |dt|)), noise from a generator; no graph. Forwards: x₀ ~ N(0, 1), x_{k+1} = x_k +
/// f(x_k, t_k)·dt + σ(x_k, t_k)·dW, then y ~ N(x₁, β²). Backwards: x₁ ~ q₁(x₁ | y), then steps from t_k to t_{k−1}
/// with either the generative drift f (the notebook's <c>mode="ode"</c>) or the variational backward SDE
/// (<see cref="VariationalDrift.BackwardSde"/> plus σ·dW, the notebook's <c>mode="backward sde"</c>).
/// </summary>
public static class SdePaths
{
    /// <summary>n samples y of the model with their paths [points, n, 1] (x₀ … x₁).</summary>
    public static (Tensor Samples, Tensor Path) Forward(SdeModel model, int n, Generator generator, TimeGrid? grid = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        grid ??= new TimeGrid();
        using var _ = no_grad();
        var x = randn([n, 1], generator);
        var path = new List<Tensor> { x };
        float dt = (float)grid.Step, sqrtDt = (float)Math.Sqrt(grid.Step);
        for (int k = 0; k < grid.Steps; k++)
        {
            var t = full([n, 1], (float)grid[k]);
            var drift = model.F.forward(x, t);
            var sigma = model.Sigma.forward(x, t);
            x = x + drift * dt + sigma * (randn([n, 1], generator) * sqrtDt);
            path.Add(x);
        }
        var y = x + randn([n, 1], generator) * model.Beta.forward();
        return (y, stack([.. path]));
    }

    /// <summary>The backward paths [points, N, 1] from data y [N, 1], in time order (index k is t_k).</summary>
    /// <param name="variational">True: the variational backward SDE; false: the generative drift f, no noise.</param>
    public static Tensor Backward(SdeModel model, Tensor y, Generator generator, bool variational, TimeGrid? grid = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generator);
        OdeLogLikelihood.CheckData(y);
        grid ??= new TimeGrid();
        int n = y.size(0);
        var x = new Variational(model.AlphaNet, model.BetaNet, y, Variational.AtOne(y), timeDerivatives: false).Sample(randn([n, 1], generator));
        var path = new Tensor[grid.Points];
        path[grid.Steps] = x;
        float dt = (float)grid.Step, sqrtDt = (float)Math.Sqrt(grid.Step);
        for (int k = grid.Steps; k >= 1; k--)
        {
            var t = full([n, 1], (float)grid[k]);
            if (variational)
            {
                var (drift, _) = new Variational(model.AlphaNet, model.BetaNet, y, t).Drift(x, VariationalDrift.BackwardSde, model.Sigma);
                using var _ = no_grad();
                x = x - drift * dt + model.Sigma.forward(x, t) * (randn([n, 1], generator) * sqrtDt);
            }
            else
            {
                using var _ = no_grad();
                x = x - model.F.forward(x, t) * dt;
            }
            path[k - 1] = x.detach();
        }
        return stack(path);
    }
}
