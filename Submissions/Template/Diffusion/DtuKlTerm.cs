using System;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.3: the (t−1)th term of the DDPM ELBO,
/// L_{t−1} = KL(N(μ̃, β̃_t I) ‖ N(μ_θ, σ_t² I)), for one z_t and x.
/// </summary>
public sealed class DtuKlTerm : IDtuKlTerm
{
    /// <inheritdoc />
    public double KlTerm(double[] muTilde, double betaTilde, double[] muTheta, double sigmaSquared) =>
        throw new NotImplementedException(
            "Sheet 004, exercise 3.3: return L_{t-1} = KL(q(z_{t-1} | z_t, x) || p(z_{t-1} | z_t)) of eqs. (5)-(7), "
            + "the whole term, not only its part that depends on theta — see README.md, DtuKlTerm.cs.");
}
