using Grader.Tensors;

namespace Grader.Contracts.Gan;

/// <summary>
/// TUM exam 2023, problem 3 (b) (sheet 002): the discriminator D_φ* that maximises the GAN objective
/// ½ 𝔼_{p*}[log D(x)] + ½ 𝔼_{p_θ}[log(1 − D(x))] for a given data density p* and generated density p_θ.
/// </summary>
public interface IOptimalDiscriminator
{
    /// <summary>D*(x) at a set of points x, given both densities at those points.</summary>
    /// <param name="dataDensity">p*(x) at each point (≥ 0), any shape.</param>
    /// <param name="modelDensity">p_θ(x) at the same points (≥ 0), the same shape.</param>
    /// <returns>D*(x) ∈ [0, 1], the same shape. Where both densities are 0 any value in [0, 1] is accepted.</returns>
    Tensor OptimalDiscriminator(Tensor dataDensity, Tensor modelDensity);
}
