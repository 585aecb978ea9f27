using Grader.Reference.Data;
using Grader.Reference.Diffusion;

namespace Grader.Benchmarks.Workloads;

/// <summary>
/// W1 — Heidelberg V train step (workloads.py class W1): the reference <see cref="HeidelbergEpsilonNetwork"/> and
/// linear <see cref="BetaSchedule"/> (T = 250) on the V data set, batch 128 drawn with replacement, t ~ U{0..249},
/// MSE on ε, Adam 1e-3.
/// </summary>
public sealed class W1HeidelbergTrainStep : IWorkload
{
    private const int T = 250;
    private const int Batch = 128;
    private readonly Generator _g = new(0);
    private readonly Tensor _sab, _s1mab, _data;
    private readonly HeidelbergEpsilonNetwork _net;
    private readonly Adam _opt;

    public W1HeidelbergTrainStep()
    {
        var schedule = BetaSchedule.Linear(T);
        _sab = Column(schedule.SqrtAlphaBar);
        _s1mab = Column(schedule.SqrtOneMinusAlphaBar);
        _data = HeidelbergToyData.V(_g).Data;
        _net = new HeidelbergEpsilonNetwork(_g);
        _opt = optim.Adam(_net.parameters(), lr: 1e-3);
        Step();
    }

    internal static Tensor Column(IReadOnlyList<double> values) => tensor(values.Select(v => (float)v).ToArray());

    public void Step()
    {
        using var scope = memory_scope();   // the step's tensors return to the pool at its end, as in the reference Trainer
        var idx = randint(0, _data.size(0), [Batch], _g).ToIndices();
        var x0 = _data.index_select(0, idx);
        var t = randint(0, T, [Batch], _g);
        var eps = randn_like(x0, _g);
        var ti = t.ToIndices();
        var xt = _sab.index_select(0, ti).unsqueeze(1) * x0 + _s1mab.index_select(0, ti).unsqueeze(1) * eps;
        var loss = (_net.forward(xt, t) - eps).pow(2).mean();
        _opt.zero_grad();
        loss.backward();
        _opt.step();
    }
}
