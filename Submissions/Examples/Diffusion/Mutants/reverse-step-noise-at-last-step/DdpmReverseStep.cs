using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000 (Heidelberg, sheet 10), exercise 1 (a): one step of the notebook's reverse process,
/// posterior mean with the predicted x̂₀ and the posterior variance β̃_t. The network gets the raw step t as [N].
/// </summary>
public sealed class DdpmReverseStep : IReverseStep
{
    public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        using var noGrad = no_grad();
        int n = xt.size(0);
        double beta = schedule.Betas[t];
        double alpha = 1.0 - beta;
        double[] alphaBar = AlphaBar(schedule.Betas);
        double alphaBarT = alphaBar[t];
        double alphaBarPrev = t > 0 ? alphaBar[t - 1] : 1.0;

        Tensor epsHat = network.Forward(xt, full([n], (float)t));

        // x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂   (eq. 15, no clipping)
        Tensor x0Hat = (float)Math.Sqrt(1.0 / alphaBarT) * xt - (float)Math.Sqrt(1.0 / alphaBarT - 1.0) * epsHat;

        // μ̃_t = β_t√ᾱ_{t−1}/(1 − ᾱ_t)·x̂₀ + (1 − ᾱ_{t−1})√α_t/(1 − ᾱ_t)·x_t   (eq. 7)
        double x0Coefficient = beta * Math.Sqrt(alphaBarPrev) / (1.0 - alphaBarT);
        double xtCoefficient = (1.0 - alphaBarPrev) * Math.Sqrt(alpha) / (1.0 - alphaBarT);
        Tensor mean = (float)x0Coefficient * x0Hat + (float)xtCoefficient * xt;

        // MUTANT: the variance log-clipped as Ho et al.'s code keeps it (β̃_0 = 0 replaced by β̃_1, so that its log is
        // finite), and the noise added at every t: the mask that drops it at t = 0 is forgotten.
        double posteriorVariance = t > 0 ? beta * (1.0 - alphaBarPrev) / (1.0 - alphaBarT) : PosteriorVariance(schedule.Betas, 1);
        return mean + (float)Math.Sqrt(posteriorVariance) * z;
    }

    private static double PosteriorVariance(IReadOnlyList<double> betas, int t)
    {
        double[] alphaBar = AlphaBar(betas);
        return betas[t] * (1.0 - alphaBar[t - 1]) / (1.0 - alphaBar[t]);
    }

    private static double[] AlphaBar(IReadOnlyList<double> betas)
    {
        var alphaBar = new double[betas.Count];
        double product = 1.0;
        for (int t = 0; t < betas.Count; t++)
        {
            product *= 1.0 - betas[t];
            alphaBar[t] = product;
        }
        return alphaBar;
    }
}
