using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>The reference as a hand-in of DTU ex. 3.4: <see cref="Losses.NegativeElbo"/> and <see cref="Ddpm"/> with σ² = β, time t/T.</summary>
public sealed class ReferenceDtuDdpm : IDtuDdpm
{
    /// <summary>Algorithm 1: one t uniform on 0 … T − 1 per sample (<c>random.Integers(0, T, [N, 1])</c>) and ε ~ N(0, I) of x's shape (<c>random.Normal</c>).</summary>
    public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(random);
        var t = random.Integers(0, schedule.T, [x.size(0), 1]);
        var epsilon = random.Normal(x.shape);
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
