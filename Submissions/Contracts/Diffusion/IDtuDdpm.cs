using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// DTU 02460 week 3, exercise 3.4 (sheet 004): the two methods of <c>DDPM</c> in <c>ddpm.py</c>.
/// The network's time input is t/T with shape [N, 1] (the sheet advises normalising t to [0, 1]).
/// </summary>
public interface IDtuDdpm
{
    /// <summary>
    /// The negative ELBO of Ho et al. (2020) eq. (14) per sample, by Algorithm 1; the random numbers Algorithm 1 draws
    /// come from <paramref name="random"/>.
    /// </summary>
    /// <param name="x">Data, [N, D].</param>
    /// <param name="schedule">β for each code index 0..T−1 (paper step t+1).</param>
    /// <param name="network">ε_θ; it expects t/T.</param>
    /// <param name="random">The hand-in's source of random numbers.</param>
    /// <returns>One value per sample, shape [N].</returns>
    Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random);

    /// <summary>
    /// Algorithm 2 with σ_t² = β_t: x_T = noise.Latent(shape); for t = T−1 … 0,
    /// x_{t−1} = (x_t − β_t/√(1 − ᾱ_t)·ε_θ(x_t, t))/√α_t + σ_t·z with z = noise.ForStep(t, shape), and no noise at t = 0.
    /// </summary>
    /// <param name="shape">For example [5000, 2].</param>
    Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise);
}
