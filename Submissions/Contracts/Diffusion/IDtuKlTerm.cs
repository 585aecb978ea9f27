namespace Grader.Contracts.Diffusion;

/// <summary>
/// DTU 02460 week 3, exercise 3.3 (sheet 004): the (t−1)th term of the DDPM ELBO, eq. (5),
/// L_{t−1} = KL(q(z_{t−1} | z_t, x) ‖ p(z_{t−1} | z_t)) with q = N(μ̃(z_t, x), β̃_t I) (eq. 6) and
/// p = N(μ_θ(z_t, t), σ_t² I) (eq. 7), for one z_t and x: the value whose θ-dependent part the exercise shows is
/// ‖μ̃ − μ_θ‖²/(2σ_t²).
/// </summary>
public interface IDtuKlTerm
{
    /// <param name="muTilde">μ̃(z_t, x), the mean of q; d values.</param>
    /// <param name="betaTilde">β̃_t &gt; 0, the variance of each coordinate of q.</param>
    /// <param name="muTheta">μ_θ(z_t, t), the mean of p; d values.</param>
    /// <param name="sigmaSquared">σ_t² &gt; 0, the variance of each coordinate of p.</param>
    /// <returns>L_{t−1} in nats.</returns>
    double KlTerm(double[] muTilde, double betaTilde, double[] muTheta, double sigmaSquared);
}
