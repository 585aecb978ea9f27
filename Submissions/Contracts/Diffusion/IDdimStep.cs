using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// Heidelberg exercise 1 (d): one step of DDIM (Song, Meng and Ermon, §4, eq. 12 with σ from eq. 16), in DDPM's ᾱ
/// notation: x_{t−1} = √ᾱ_{t−1}·x̂₀ + √(1 − ᾱ_{t−1} − σ_t²)·ε̂ + σ_t·z with
/// σ_t = η·√((1 − ᾱ_{t−1})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t−1}), and ᾱ_{−1} = 1 (so the last step returns x̂₀).
/// </summary>
public interface IDdimStep
{
    /// <param name="xt">x_t, [N, d].</param>
    /// <param name="t">Code index 0..T−1.</param>
    /// <param name="eta">η: 0 is the deterministic sampler, 1 the DDPM posterior variance.</param>
    /// <param name="z">Standard normal noise, [N, d] (unused when η = 0).</param>
    Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network);
}
