namespace Grader.Benchmarks.Workloads;

/// <summary>
/// W4 — Copenhagen ODE train step (workloads.py class W4; KU DL Assignment 4.2, seed-origins §4): drift MLP f([x, t])
/// 2→64→64→64→1 with tanh, the exact log-likelihood of y by RK4 backwards over linspace(0, 1, 100) on the augmented
/// state [x, log p] with d(log p)/dt = −∂f/∂x (by <c>autograd.grad</c> with <c>create_graph</c>), batch 125, Adam 1e-2.
/// The model lives only here until the ODE reference lands.
/// </summary>
public sealed class W4OdeTrainStep : IWorkload
{
    private const int Batch = 125;
    private static readonly float HalfLog2Pi = (float)(0.5 * Math.Log(2 * Math.PI));
    private readonly Generator _g = new(0);
    private readonly Sequential _f;
    private readonly Adam _opt;
    private readonly float[] _ts;
    private readonly Tensor _y;

    public W4OdeTrainStep()
    {
        _f = nn.Sequential(nn.Linear(2, 64, _g), nn.Tanh(), nn.Linear(64, 64, _g), nn.Tanh(), nn.Linear(64, 64, _g), nn.Tanh(), nn.Linear(64, 1, _g));
        _opt = optim.Adam(_f.parameters(), lr: 1e-2);
        _ts = linspace(0, 1, 100).ToArray();
        var k = randint(0, 5, [Batch, 1], _g);
        _y = (k - 2) * 4 + laplace([Batch, 1], _g);
        Step();
    }

    /// <summary>The augmented dynamics at (x, t): (f(x, t), −∂f/∂x).</summary>
    private (Tensor fx, Tensor negDfdx) F(Tensor x, float t)
    {
        using var _ = enable_grad();
        if (!x.requires_grad) x = x.requires_grad_();
        var fx = _f.forward(cat([x, tensor([t], 1, 1).expand_as(x)], dim: 1));
        var dfdx = autograd.grad(fx.sum(), x, create_graph: true);
        return (fx, -dfdx);
    }

    public void Step()
    {
        using var scope = memory_scope();   // the step's tensors return to the pool at its end, as in the reference Trainer
        var x = _y.clone().requires_grad_();
        var lp = zeros_like(x);
        for (int i = _ts.Length - 1; i > 0; i--)
        {
            float t0 = _ts[i], t1 = _ts[i - 1];
            float h = t1 - t0;
            var (k1x, k1l) = F(x, t0);
            var (k2x, k2l) = F(x + 0.5f * h * k1x, t0 + 0.5f * h);
            var (k3x, k3l) = F(x + 0.5f * h * k2x, t0 + 0.5f * h);
            var (k4x, k4l) = F(x + h * k3x, t1);
            x = x + h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            lp = lp + h / 6 * (k1l + 2 * k2l + 2 * k3l + k4l);
        }
        // lp accumulated d(log p)/dt = −df/dx backwards in time: log p(y) = log p0(x0) − lp
        var logp0 = -0.5f * x.pow(2) - HalfLog2Pi;
        var loss = -(logp0 - lp).mean();
        _opt.zero_grad();
        loss.backward();
        _opt.step();
    }
}
