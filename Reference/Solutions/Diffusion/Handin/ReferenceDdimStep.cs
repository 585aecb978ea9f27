using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>The reference as a hand-in of Heidelberg ex. 1 (d): one step of <see cref="Ddim"/>(η) on the full chain, raw-index time.</summary>
public sealed class ReferenceDdimStep : IDdimStep
{
    public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var ddim = new Ddim(BetaSchedule.FromBetas(schedule.Betas), eta);
        using var _ = torch.no_grad();
        return ddim.Step(new RawIndexTime(network), xt, t, ddim.AddsNoise(t) ? z : null);
    }
}
