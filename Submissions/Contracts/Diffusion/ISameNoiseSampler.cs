using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// Heidelberg exercise 1 (c): "One approach to get a sensible interpolation is to use the identical noise in the reverse
/// process for all samples. Implement this and repeat the experiment from part (b)."
/// </summary>
public interface ISameNoiseSampler
{
    /// <summary>
    /// Runs the reverse process the exercise asks for (σ² = β̃, as in 1 (a)) from <paramref name="latents"/>. The noise of
    /// step t comes from <paramref name="noise"/>.ForStep(t, shape).
    /// </summary>
    /// <param name="latents">x_T, [N, d].</param>
    /// <returns>The trajectory [T + 1, N, d]: the latents first, the samples last.</returns>
    Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise);
}
