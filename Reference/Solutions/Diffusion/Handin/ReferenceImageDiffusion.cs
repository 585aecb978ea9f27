using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference as a hand-in of Heidelberg ex. 1 (f): the samplers of (a), (c) and (d) (<see cref="Ddpm"/> with σ² = β̃,
/// <see cref="SameNoiseSampler"/>, <see cref="Ddim"/>; each works on [N, …]) run on image batches [N, C, H, W] with
/// raw-index time, the latents of the interpolation from <see cref="LatentInterpolation.Line(Tensor, Tensor, int)"/>, the
/// samples mapped back from [−1, 1] to [0, 1] for display (<see cref="MnistIdx.ToUnitInterval"/>).
/// </summary>
public sealed class ReferenceImageDiffusion : IImageDiffusion
{
    public Tensor SampleImages(int count, int channels, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        var shape = Shape(count, channels, rows, columns);
        return Display(Posterior(schedule).Sample(new RawIndexTime(network), Source(noise).Latent(shape), StepNoise.From(noise)));
    }

    public Tensor InterpolateImages(Tensor from, Tensor to, int count, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        var sampler = new SameNoiseSampler(Posterior(schedule));
        return Display(sampler.Sample(new RawIndexTime(network), LatentInterpolation.Line(from, to, count), StepNoise.From(Source(noise))));
    }

    public Tensor SampleImagesDdim(int count, int channels, int rows, int columns, double eta, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var shape = Shape(count, channels, rows, columns);
        var ddim = new Ddim(BetaSchedule.FromBetas(schedule.Betas), eta);
        return Display(ddim.Sample(new RawIndexTime(network), Source(noise).Latent(shape), StepNoise.From(noise)));
    }

    private static Ddpm Posterior(NoiseSchedule schedule) =>
        new(BetaSchedule.FromBetas((schedule ?? throw new ArgumentNullException(nameof(schedule))).Betas), ReverseVariance.BetaTilde);

    private static Tensor Display(Tensor x) => MnistIdx.ToUnitInterval(x);

    private static INoiseSource Source(INoiseSource noise) => noise ?? throw new ArgumentNullException(nameof(noise));

    private static int[] Shape(int count, int channels, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        return [count, channels, rows, columns];
    }
}
