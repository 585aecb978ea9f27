using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// Heidelberg exercise 1 (a) (sheets 000 and 001): one step of the notebook's reverse process, the posterior mean with
/// x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂ (not clipped) and the posterior variance σ_t² = β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t).
/// </summary>
public interface IReverseStep
{
    /// <param name="xt">Current points x_t, [N, d].</param>
    /// <param name="t">Code index 0..T−1; at t = 0 no noise is added.</param>
    /// <param name="z">Standard normal noise for this step, [N, d].</param>
    /// <param name="schedule">β for each index.</param>
    /// <param name="network">ε̂ = network(x_t, t) with the raw integer t.</param>
    /// <returns>x_{t−1}, [N, d].</returns>
    Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network);
}
