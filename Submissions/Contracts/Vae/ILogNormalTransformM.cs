using Grader.Tensors;

namespace Grader.Contracts.Vae;

/// <summary>
/// TUM exam 2023, problem 2 (b) (sheet 002): a deterministic M_{μ,σ²}: ℝ_{&gt;0} → ℝ_{&gt;0} that turns a sample
/// z ~ log N(0, 1) into a sample of log N(μ, σ²).
/// </summary>
public interface ILogNormalTransformM
{
    /// <summary>M_{μ,σ²} applied to every element.</summary>
    /// <param name="z">Samples of log N(0, 1) (all &gt; 0), any shape.</param>
    /// <param name="mu">μ.</param>
    /// <param name="sigma">σ &gt; 0 (the distribution is written log N(μ, σ²)).</param>
    /// <returns>M_{μ,σ²}(z), the shape of <paramref name="z"/>.</returns>
    Tensor M(Tensor z, double mu, double sigma);
}
