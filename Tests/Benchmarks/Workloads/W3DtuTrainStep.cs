using Grader.Reference.Diffusion;

namespace Grader.Benchmarks.Workloads;

/// <summary>
/// W3 — DTU train step (workloads.py class W3; ddpm.py's negative_elbo with the <c>__main__</c> defaults): the
/// reference <see cref="FcNetwork"/> [x, t/T] 3→64→64→2 with ReLU, linear <see cref="BetaSchedule"/> T = 1000,
/// x ~ U(−1, 1)², batch 10 000, loss Σ_d (ε − ε̂)² averaged over the batch, Adam 1e-3.
/// </summary>
public sealed class W3DtuTrainStep : IWorkload
{
    private const int T = 1000;
    private const int N = 10_000;
    private readonly Generator _g = new(0);
    private readonly Tensor _sab, _s1mab;
    private readonly FcNetwork _net;
    private readonly Adam _opt;

    public W3DtuTrainStep()
    {
        var schedule = BetaSchedule.Linear(T);
        _sab = W1HeidelbergTrainStep.Column(schedule.SqrtAlphaBar);
        _s1mab = W1HeidelbergTrainStep.Column(schedule.SqrtOneMinusAlphaBar);
        _net = new FcNetwork(2, _g);
        _opt = optim.Adam(_net.parameters(), lr: 1e-3);
        Step();
    }

    public void Step()
    {
        using var scope = memory_scope();   // the step's tensors return to the pool at its end, as in the reference Trainer
        var x = rand([N, 2], _g) * 2 - 1;
        var t = randint(0, T, [N, 1], _g);
        var eps = randn_like(x, _g);
        var ti = t.ToIndices();
        var xt = _sab.index_select(0, ti).reshape(N, 1) * x + _s1mab.index_select(0, ti).reshape(N, 1) * eps;
        var pred = _net.forward(xt, t / T);
        var loss = (eps - pred).pow(2).sum(1).mean();
        _opt.zero_grad();
        loss.backward();
        _opt.step();
    }
}
