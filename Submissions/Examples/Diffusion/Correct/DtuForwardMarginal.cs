using System;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>Sheet 004, exercise 3.1: q(z_T | x) = N(sqrt(alpha_bar_T) x, (1 - alpha_bar_T) I), alpha_bar_T summed as logarithms.</summary>
public sealed class DtuForwardMarginal : IDtuForwardMarginal
{
    public double MeanScale(double[] betas) => Math.Exp(0.5 * LogAlphaBar(betas));

    public double Variance(double[] betas) => 1 - Math.Exp(LogAlphaBar(betas));

    // log alpha_bar_T = sum over s of log(1 - beta_s): the product as a sum, so a long schedule does not underflow early.
    private static double LogAlphaBar(double[] betas)
    {
        var sum = 0.0;
        foreach (var beta in betas)
        {
            sum += Math.Log(1 - beta);
        }

        return sum;
    }
}
