using Grader.Tensors;

namespace Grader.Contracts.Vae;

/// <summary>
/// TUM exam 2023, problem 2 (c) (sheet 002): a deterministic C_{μ,σ²}: ℝ → ℝ_{&gt;0} that turns a sample ε ~ N(0, 1)
/// into a sample of log N(μ, σ²); and, for (d), the gradients that let a VAE backpropagate through sampling with it.
/// </summary>
public interface ILogNormalTransformC
{
    /// <summary>C_{μ,σ²} applied to every element.</summary>
    /// <param name="epsilon">Samples of N(0, 1), any shape.</param>
    /// <param name="mu">μ.</param>
    /// <param name="sigma">σ &gt; 0 (the distribution is written log N(μ, σ²)).</param>
    /// <returns>C_{μ,σ²}(ε), the shape of <paramref name="epsilon"/>.</returns>
    Tensor C(Tensor epsilon, double mu, double sigma);

    /// <summary>
    /// The pathwise gradients of each sample C_{μ,σ²}(εᵢ) with respect to μ and to σ at fixed εᵢ, obtained by
    /// backpropagation through your C.
    /// </summary>
    /// <returns>∂C(εᵢ)/∂μ and ∂C(εᵢ)/∂σ, each the shape of <paramref name="epsilon"/>.</returns>
    LogNormalPathwiseGradient PathwiseGradient(Tensor epsilon, double mu, double sigma);
}
