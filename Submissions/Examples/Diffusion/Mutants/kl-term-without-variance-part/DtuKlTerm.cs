using System;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>Sheet 004, exercise 3.3: L_{t−1} as the KL divergence of the two isotropic Gaussians of eqs. (6) and (7).</summary>
public sealed class DtuKlTerm : IDtuKlTerm
{
    public double KlTerm(double[] muTilde, double betaTilde, double[] muTheta, double sigmaSquared)
    {
        // KL(N(m1, s1 I) || N(m2, s2 I)) = 1/2 [d s1/s2 - d + ||m1 - m2||^2 / s2 + d ln(s2/s1)].
        var d = muTilde.Length;
        var squared = 0.0;
        for (var i = 0; i < d; i++)
        {
            var difference = muTilde[i] - muTheta[i];
            squared += difference * difference;
        }

        return squared / (2 * sigmaSquared); // MUTANT: only the part that depends on θ; C (the variances' terms) left out
    }
}
