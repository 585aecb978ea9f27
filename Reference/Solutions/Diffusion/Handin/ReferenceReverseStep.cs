using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>The reference as a hand-in of Heidelberg ex. 1 (a): one step of <see cref="Ddpm"/> with σ² = β̃, raw-index time.</summary>
public sealed class ReferenceReverseStep : IReverseStep
{
    public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var ddpm = new Ddpm(BetaSchedule.FromBetas(schedule.Betas), ReverseVariance.BetaTilde);
        using var _ = torch.no_grad();
        return ddpm.Step(new RawIndexTime(network), xt, t, t == 0 ? null : z);
    }
}
