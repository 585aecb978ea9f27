namespace Grader.Contracts.Vae;

/// <summary>
/// TUM exam 2023, problem 2 (d) (sheet 002): a VAE with the log-normal prior p(z) = log N(μ_p, σ_p²) on a scalar
/// latent z. The KL term of its ELBO, 𝕂𝕃[q_φ(z) ‖ p(z)] = ∫ q_φ(z) log(q_φ(z)/p(z)) dz, for two choices of q_φ.
/// Values in nats; a divergence that is not finite is <see cref="double.PositiveInfinity"/>.
/// </summary>
public interface ILogNormalPrior
{
    /// <summary>𝕂𝕃[q ‖ p] for the variational distribution q = log N(μ_q, σ_q²) and the prior p = log N(μ_p, σ_p²).</summary>
    /// <param name="muQ">μ_q.</param>
    /// <param name="sigmaQ">σ_q &gt; 0.</param>
    /// <param name="muP">μ_p.</param>
    /// <param name="sigmaP">σ_p &gt; 0.</param>
    double LogNormalKl(double muQ, double sigmaQ, double muP, double sigmaP);

    /// <summary>𝕂𝕃[q ‖ p] for the variational distribution q = N(μ_q, σ_q²) and the prior p = log N(μ_p, σ_p²).</summary>
    /// <param name="muQ">μ_q.</param>
    /// <param name="sigmaQ">σ_q &gt; 0.</param>
    /// <param name="muP">μ_p.</param>
    /// <param name="sigmaP">σ_p &gt; 0.</param>
    double NormalKl(double muQ, double sigmaQ, double muP, double sigmaP);
}
