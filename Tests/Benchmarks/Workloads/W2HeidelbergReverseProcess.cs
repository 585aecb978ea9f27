using Grader.Reference.Diffusion;

namespace Grader.Benchmarks.Workloads;

/// <summary>
/// W2 — Heidelberg reverse process (workloads.py class W2; sheet 10 ex. 1 (a), the notebook's <c>p_sample</c>): 1000
/// points from N(0, I) through all 250 steps of the reference <see cref="Ddpm"/> sampler with the posterior variance
/// β̃ (<see cref="ReverseVariance.BetaTilde"/>: x̂₀ from ε̂, then μ̃ + √β̃·ξ, no noise at the last step), no grad.
/// </summary>
public sealed class W2HeidelbergReverseProcess : IWorkload
{
    private const int T = 250;
    private const int N = 1000;
    private readonly Generator _g = new(0);
    private readonly Ddpm _sampler = new(BetaSchedule.Linear(T), ReverseVariance.BetaTilde);
    private readonly HeidelbergEpsilonNetwork _net;

    public W2HeidelbergReverseProcess()
    {
        _net = new HeidelbergEpsilonNetwork(_g);
        Step();
    }

    public void Step() => _sampler.Sample(_net, randn([N, 2], _g), StepNoise.From(_g));
}
