using System;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.1: the forward process's marginal q(z_T | x) = N(√ᾱ_T x, (1 − ᾱ_T) I) of
/// eq. (1), ᾱ_T = ∏_{s=1}^{T} (1 − β_s), for a schedule β_1, …, β_T.
/// </summary>
public sealed class DtuForwardMarginal : IDtuForwardMarginal
{
    /// <inheritdoc />
    public double MeanScale(double[] betas) =>
        throw new NotImplementedException("Sheet 004, exercise 3.1: return sqrt(alpha_bar_T), the factor of x in the mean of q(z_T | x) — see README.md, DtuForwardMarginal.cs.");

    /// <inheritdoc />
    public double Variance(double[] betas) =>
        throw new NotImplementedException("Sheet 004, exercise 3.1: return 1 - alpha_bar_T, the variance of each coordinate of q(z_T | x) — see README.md, DtuForwardMarginal.cs.");
}
