using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>The reference as a hand-in of DTU ex. 3.4: <see cref="Losses.NegativeElbo"/> and <see cref="Ddpm"/> with σ² = β, time t/T.</summary>
public sealed class ReferenceDtuDdpm : IDtuDdpm
{
    public Tensor NegativeElbo(Tensor x, Tensor t, Tensor epsilon, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(schedule);
        var steps = t.ToArray().Select(v => (int)MathF.Round(v)).ToArray();
        return Losses.NegativeElbo(NormalisedTime.Of(network, schedule.T), BetaSchedule.FromBetas(schedule.Betas), x, steps, epsilon);
    }

    public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(noise);
        var ddpm = new Ddpm(BetaSchedule.FromBetas(schedule.Betas), ReverseVariance.Beta);
        return ddpm.Sample(NormalisedTime.Of(network, schedule.T), noise.Latent(shape), StepNoise.From(noise));
    }
}
