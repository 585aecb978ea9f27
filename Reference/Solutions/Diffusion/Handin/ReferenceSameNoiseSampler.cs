using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>The reference as a hand-in of Heidelberg ex. 1 (c): <see cref="SameNoiseSampler"/> over <see cref="Ddpm"/> with σ² = β̃, raw-index time.</summary>
public sealed class ReferenceSameNoiseSampler : ISameNoiseSampler
{
    public Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var sampler = new SameNoiseSampler(new Ddpm(BetaSchedule.FromBetas(schedule.Betas), ReverseVariance.BetaTilde));
        return sampler.Trajectory(new RawIndexTime(network), latents, StepNoise.From(noise));
    }
}
