using Grader.Tensors;

namespace Grader.Contracts.Gan;

/// <summary>
/// TUM exam 2023, problem 3 (sheet 002): the GAN objective for π = ½,
/// V(D) = ½ 𝔼_{p*(x)}[log D(x)] + ½ 𝔼_{p_θ(x)}[log(1 − D(x))], in nats, for a discriminator and two densities given on
/// a regular grid.
/// </summary>
public interface IGanObjective
{
    /// <summary>
    /// V(D), every expectation 𝔼_p[f] taken as Σ over cells of p(cell centre)·f(cell centre)·<paramref name="cellVolume"/>.
    /// A cell where a density is 0 adds nothing to its expectation, whatever D is there.
    /// </summary>
    /// <param name="discriminator">D(x) ∈ [0, 1] at the cell centres, any shape.</param>
    /// <param name="dataDensity">p*(x) at the same cell centres (≥ 0), the same shape.</param>
    /// <param name="modelDensity">p_θ(x) at the same cell centres (≥ 0), the same shape.</param>
    /// <param name="cellVolume">The volume of one cell, &gt; 0.</param>
    /// <returns>V(D); −∞ when D is 0 (or 1) where p* (or p_θ) is positive.</returns>
    double Value(Tensor discriminator, Tensor dataDensity, Tensor modelDensity, double cellVolume);

    /// <summary>
    /// max_D V(D), the objective at the optimal discriminator, on the same grid and with the same rule as
    /// <see cref="Value"/>. Where one density is many orders of magnitude below the other, a discriminator stored in
    /// float32 rounds to 0 or 1; the value asked for is the one the exact maximiser gives.
    /// </summary>
    /// <param name="dataDensity">p*(x) at the cell centres (≥ 0), any shape.</param>
    /// <param name="modelDensity">p_θ(x) at the same cell centres (≥ 0), the same shape.</param>
    /// <param name="cellVolume">The volume of one cell, &gt; 0.</param>
    double ValueAtOptimum(Tensor dataDensity, Tensor modelDensity, double cellVolume);
}
