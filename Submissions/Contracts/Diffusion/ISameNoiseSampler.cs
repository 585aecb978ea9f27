using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// Heidelberg exercise 1 (c): the reverse process in which every sample receives the identical noise at each step.
/// </summary>
public interface ISameNoiseSampler
{
    /// <summary>
    /// Runs the σ² = β̃ reverse process from <paramref name="latents"/>; at step t one noise vector
    /// noise.ForStep(t, [1, d]) is shared by all N samples.
    /// </summary>
    /// <param name="latents">x_T, [N, d].</param>
    /// <returns>The trajectory [T + 1, N, d]: the latents first, the samples last.</returns>
    Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise);
}
