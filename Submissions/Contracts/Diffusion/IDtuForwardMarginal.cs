namespace Grader.Contracts.Diffusion;

/// <summary>
/// DTU 02460 week 3, exercise 3.1 (sheet 004): the forward process's marginal of eq. (1),
/// q(z_T | x) = N(√ᾱ_T x, (1 − ᾱ_T) I) with ᾱ_T = ∏_{s=1}^{T} (1 − β_s), for a noise variance schedule
/// 0 &lt; β_1 &lt; … &lt; β_T &lt; 1: the two numbers the exercise shows tend to 0 and 1 as T → ∞.
/// </summary>
public interface IDtuForwardMarginal
{
    /// <param name="betas">β_1, …, β_T (T = its length ≥ 1), increasing, each in (0, 1).</param>
    /// <returns>√ᾱ_T, the factor of x in the mean of q(z_T | x).</returns>
    double MeanScale(double[] betas);

    /// <param name="betas">β_1, …, β_T (T = its length ≥ 1), increasing, each in (0, 1).</param>
    /// <returns>1 − ᾱ_T, the variance of each coordinate of q(z_T | x).</returns>
    double Variance(double[] betas);
}
